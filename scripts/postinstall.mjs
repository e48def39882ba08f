// After npm install: generate the Prisma client and install the Prisma 6 migration tools (tools/prisma6).
// Prisma 7's CLI insists on a native schema engine it would download; generate only needs the path to exist,
// so point it at any file (reference/toolchain.md, gotcha 1). Nothing here reaches beyond the npm registry.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});

if (!existsSync(path.join(root, "tools/prisma6/node_modules/prisma"))) {
  const npm = process.env.npm_execpath;
  const args = ["ci", "--prefix", "tools/prisma6", "--no-audit", "--no-fund", "--loglevel=error"];
  if (npm) run(process.execPath, [npm, ...args]);
  else run("npm", args);
}
