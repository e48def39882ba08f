import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, withDatabase } from "@/lib/database/admin";
import { DATA_ROOT, startEmbeddedPostgres } from "@/lib/database/embedded";
import { migrate, readMigrations } from "@/lib/database/migrate";

const name = `pg-selftest-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  await rm(path.join(DATA_ROOT, name), { recursive: true, force: true });
  await rm(path.join(DATA_ROOT, `${name}.password`), { force: true });
});

describe("the embedded database", () => {
  it("starts, migrates and stops cleanly", async () => {
    const server = await startEmbeddedPostgres({ name, preferredPort: 0 });
    expect(server.owned).toBe(true);
    const url = withDatabase(server.serverUrl, "tokenledger_selftest");
    try {
      await ensureDatabase(url);
      const result = await migrate(url);
      expect(result.applied).toHaveLength((await readMigrations()).length);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      await client.end();
      expect(Number.parseInt(rows[0]!.version, 10)).toBeGreaterThanOrEqual(15);
    } finally {
      await server.stop();
    }
    // Stopped cleanly: the lock file is gone and nothing listens on the port any more.
    expect(existsSync(path.join(DATA_ROOT, name, "postmaster.pid"))).toBe(false);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
