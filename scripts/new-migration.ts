// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema as of the last
// migration (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma, then updates the snapshot.
// The drift test (scripts/lib/drift.int.test.ts) checks that the migrations build the schema exactly.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATIONS_DIR } from "../lib/database/migrate.ts";
import { SCHEMA_PATH, schemaDiffSql } from "./lib/schema-sql.ts";
import { resolveAppDatabase } from "./lib/database.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}
const snapshotPath = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
const from = existsSync(snapshotPath) ? await readFile(snapshotPath, "utf8") : null;
const to = await readFile(SCHEMA_PATH, "utf8");
const database = await resolveAppDatabase();
try {
  const sql = await schemaDiffSql({ from, to, connectionString: database.url });
  if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)/im.test(sql)) {
    console.error("schema.prisma has no changes since the last migration; nothing written.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql);
  await writeFile(snapshotPath, to);
  console.log(path.relative(process.cwd(), path.join(dir, "migration.sql")));
} finally {
  await database.stop();
}
