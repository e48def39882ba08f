import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// Turns prisma/schema.prisma into SQL with the Prisma 6 CLI kept in tools/prisma6: the Prisma 7 CLI's migrate
// commands need a native engine download that fails offline, while Prisma 6 can run its schema engine as wasm
// through a driver adapter (reference/toolchain.md). Used by `npm run db:migration` and by the drift test.

const ROOT = path.resolve(import.meta.dirname, "../..");
const TOOLS = path.join(ROOT, "tools/prisma6/node_modules");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");

/** Prisma 6 wants `url` in the datasource and a classic generator; Prisma 7 forbids the former. */
function toPrisma6Schema(schema: string): string {
  return schema
    .replace(/generator\s+client\s*\{[^}]*\}/, 'generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}')
    .replace(/datasource\s+db\s*\{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}');
}

/**
 * SQL that takes a database from `from` (a schema's text, or null for an empty database) to `to`.
 * Prisma 6 opens a connection through the adapter even for schema-to-schema diffs, hence connectionString.
 */
export async function schemaDiffSql(options: { from: string | null; to: string; connectionString: string }): Promise<string> {
  if (!existsSync(path.join(TOOLS, "prisma/build/index.js"))) {
    throw new Error("tools/prisma6 is not installed: run `npm ci --prefix tools/prisma6` (npm install does it for you).");
  }
  const dir = await mkdtemp(path.join(tmpdir(), "tokenledger-prisma6-"));
  try {
    await symlink(TOOLS, path.join(dir, "node_modules"));
    await writeFile(path.join(dir, "to.prisma"), toPrisma6Schema(options.to));
    if (options.from !== null) await writeFile(path.join(dir, "from.prisma"), toPrisma6Schema(options.from));
    await writeFile(
      path.join(dir, "prisma.config.ts"),
      `import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "to.prisma",
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(options.connectionString)}, allowExitOnIdle: true }),
});
`,
    );
    const dummyEngine = process.execPath; // any existing file: the wasm engine is used, the native one never runs
    const args = [
      path.join(TOOLS, "prisma/build/index.js"),
      "migrate",
      "diff",
      ...(options.from === null ? ["--from-empty"] : ["--from-schema-datamodel", "from.prisma"]),
      "--to-schema-datamodel",
      "to.prisma",
      "--script",
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: options.connectionString,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        PRISMA_QUERY_ENGINE_LIBRARY: dummyEngine,
        PRISMA_SCHEMA_ENGINE_BINARY: dummyEngine,
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
