import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../../lib/database/prepare.ts";
import { resolveAppDatabase, resolveAuthSecret, resolveEncryptionKey, stopOnExit } from "./database.ts";

// Starts the app the way a newcomer runs it: the database (DATABASE_URL, or the embedded one under .data/),
// migrations, optionally the demo seed and a production build, then Next itself. Ctrl-C stops Next and then
// the embedded database, cleanly.

const ROOT = path.resolve(import.meta.dirname, "../..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const SOURCES = ["app", "components", "lib", "public", "package.json", "next.config.ts", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  if (path.basename(entry) === "generated") return 0;
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

export function buildIsStale(): boolean {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > built);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

export async function launch(options: { mode: "start" | "dev"; seedDemo: boolean }): Promise<void> {
  const port = process.env.PORT ?? "3000";
  const database = await resolveAppDatabase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: await resolveAuthSecret(),
    TOKENLEDGER_ENCRYPTION_KEY: await resolveEncryptionKey(),
    AUTH_TRUST_HOST: "true",
    TOKENLEDGER_EMBEDDED_DB: database.embedded ? "true" : "false",
    // The embedded database means a single-host local run, whose receivers (a local webhook, a local SMTP server)
    // may well be on this machine; a configured DATABASE_URL is a deployment, which keeps its own setting.
    ...(database.embedded ? { TOKENLEDGER_ALLOW_PRIVATE_NETWORK: process.env.TOKENLEDGER_ALLOW_PRIVATE_NETWORK ?? "true" } : {}),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const running: { child?: ChildProcess } = {};
  stopOnExit(database.stop, async () => {
    const child = running.child;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });

  await prepareDatabase(database.url, (line) => console.error(`[db] ${line}`));
  if (options.seedDemo) {
    Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, TOKENLEDGER_ENCRYPTION_KEY: env.TOKENLEDGER_ENCRYPTION_KEY });
    const { seedDemo } = await import("../../lib/demo/seed-demo.ts");
    const { db } = await import("../../lib/db.ts");
    await seedDemo((line) => console.error(`[seed] ${line}`), { usage: true });
    await db.$disconnect();
  }
  if (options.mode === "start" && buildIsStale()) {
    console.error("[build] building the app (next build)…");
    const code = await run(process.execPath, [NEXT_BIN, "build"], { ...env, NODE_ENV: "production" });
    if (code !== 0) {
      await database.stop();
      process.exit(code);
    }
  }
  const args = options.mode === "start" ? ["start", "-H", "127.0.0.1", "-p", port] : ["dev", "-H", "127.0.0.1", "-p", port];
  const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: ["inherit", "pipe", "inherit"] });
  running.child = child;
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (/Ready in|✓ Ready/.test(chunk.toString())) {
      const who = options.seedDemo ? " Sign in as admin@acme.test, finance@acme.test or manager@acme.test with password tokenledger-demo." : "";
      console.log(`\n  TokenLedger is running: open http://localhost:${port}${who}\n  Stop it with Ctrl-C.\n`);
    }
  });
  child.once("exit", async (code) => {
    await database.stop();
    process.exit(code ?? 0);
  });
}
