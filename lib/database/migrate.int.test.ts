import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate, readMigrations } from "@/lib/database/migrate";
import { scratchDatabase } from "@/test/scratch-database";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tokenledger-migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("the migration runner", () => {
  it("applies every migration once and records it the way Prisma does", async () => {
    const database = await scratchDatabase("migrate");
    cleanups.push(database.drop);
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(database.url);
    expect(first.applied).toEqual(files.map((file) => file.name));
    const rows = await query<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      database.url,
      `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      const file = files[index]!;
      expect(row.checksum).toBe(createHash("sha256").update(file.sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const second = await migrate(database.url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it("rolls back a failing migration completely and records nothing of it", async () => {
    const database = await scratchDatabase("migrate_fail");
    cleanups.push(database.drop);
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "99990101000000_broken"));
    await writeFile(path.join(dir, "99990101000000_broken/migration.sql"), `CREATE TABLE "half_done" (x int);\nSELECT 1 / 0;\n`);

    await expect(migrate(database.url, { dir })).rejects.toThrow(/99990101000000_broken failed and was rolled back: division by zero/);
    expect(await query(database.url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    expect(await query(database.url, `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`)).toEqual([{ n: 0 }]);
    // The migrations before it are in, each in its own transaction.
    expect((await query<{ n: number }>(database.url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`))[0]!.n).toBe((await readMigrations()).length);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const database = await scratchDatabase("migrate_edit");
    cleanups.push(database.drop);
    await migrate(database.url);
    const dir = await copyOfMigrations();
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited\n`);
    await expect(migrate(database.url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });
});
