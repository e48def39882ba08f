import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTestDatabase, ensureDatabase, withDatabase } from "../../lib/database/admin.ts";
import { DATA_ROOT, startEmbeddedPostgres } from "../../lib/database/embedded.ts";

// How launchers find their database: DATABASE_URL when it is set, otherwise the embedded Postgres under .data/.

export type ResolvedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

const log = (line: string) => console.error(`[db] ${line}`);

export async function resolveAppDatabase(): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    await ensureDatabase(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ name: "pg", preferredPort: 54329, log });
  const url = withDatabase(server.serverUrl, "tokenledger");
  await ensureDatabase(url);
  return { url, embedded: true, stop: server.stop };
}

/** Tests never touch the app's database: a `_test` database on DATABASE_URL's server, or an embedded one of their own. */
export async function resolveTestDatabase(): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    assertTestDatabase(process.env.DATABASE_URL);
    await ensureDatabase(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ name: "pg-test", preferredPort: 54339, log });
  const url = withDatabase(server.serverUrl, "tokenledger_test");
  await ensureDatabase(url);
  return { url, embedded: true, stop: server.stop };
}

/** AUTH_SECRET from the environment, or one generated once and kept under .data/ for local runs. */
export async function resolveAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(DATA_ROOT, "auth-secret");
  if (!existsSync(file)) {
    await mkdir(DATA_ROOT, { recursive: true });
    await writeFile(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return (await readFile(file, "utf8")).trim();
}

/**
 * TOKENLEDGER_ENCRYPTION_KEY from the environment, or one generated once and kept under .data/ for local runs (it
 * encrypts provider admin keys: lose it and stored keys must be entered again).
 */
export async function resolveEncryptionKey(): Promise<string> {
  if (process.env.TOKENLEDGER_ENCRYPTION_KEY) return process.env.TOKENLEDGER_ENCRYPTION_KEY;
  const file = path.join(DATA_ROOT, "encryption-key");
  if (!existsSync(file)) {
    await mkdir(DATA_ROOT, { recursive: true });
    await writeFile(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return (await readFile(file, "utf8")).trim();
}

/** Stops the embedded database once, on the first of exit signals; then exits with the given code. */
export function stopOnExit(stop: () => Promise<void>, before?: () => Promise<void> | void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await before?.();
      await stop().catch((error: unknown) => log(`stopping the database failed: ${String(error)}`));
      process.exit(signal === "SIGINT" ? 130 : 143);
    })();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
