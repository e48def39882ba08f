import { describe, expect, it } from "vitest";
import { pool } from "@/lib/pg";

// docs/scale.md: the schema can be distributed by organization on Citus without change. That holds while every
// distributed table's primary key and unique keys start with "orgId" (Citus needs the distribution column in
// each), and foreign keys point only where Citus allows. This reads the migrated test database's catalog, so a
// migration that breaks the rule, or a new table nobody placed, fails here.

/** Distributed by "orgId", colocated: the ledger, its rollups and the per-organization facts joined with them. */
const DISTRIBUTED = ["usage_record", "daily_usage", "daily_usage_detail", "usage_event", "outcome", "exchange_rate", "rollup_version", "claude_code_usage"];

/** Replicated to every worker: small, read with the ledger (labels, prices, attribution), rarely written. */
const REFERENCE = [
  "organization",
  "user",
  "membership",
  "team",
  "team_manager",
  "workflow",
  "price_entry",
  "price_override",
  "model_alias",
  "attribution_rule",
  "spend_split",
  "column_mapping",
  "budget",
];

/** Kept on the coordinator (Citus local tables): the app's own state, never joined with the ledger in one query. */
const LOCAL = [
  "_prisma_migrations",
  "account",
  "api_token",
  "invitation",
  "audit_log",
  "upload",
  "upload_error",
  "provider_connection",
  "job_run",
  "rerate_run",
  "alert",
  "alert_delivery",
  "alert_delivery_attempt",
  "notification_channel",
  "recommendation",
  "rate_limit",
];

/**
 * Fact tables whose keys do not start with "orgId" yet: each needs a migration before it can be distributed
 * (docs/scale.md, "Before distributing"). Until then they stay local. Remove an entry once fixed; the test fails
 * if a listed table already complies, so the list cannot go stale.
 */
const KEYS_TO_FIX: Record<string, string> = {};

type TableInfo = { table: string; hasOrgId: boolean; keys: { name: string; columns: string[] }[] };

async function catalog(): Promise<Map<string, TableInfo>> {
  const { rows: tables } = await pool.query<{ table: string; hasOrgId: boolean }>(
    `SELECT c.relname AS table,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped) AS "hasOrgId"
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
  );
  // Primary keys, unique constraints and unique indexes alike (Prisma writes @@unique as a unique index).
  const { rows: keys } = await pool.query<{ table: string; name: string; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name,
       array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, position)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.position) AS columns
     FROM pg_index x
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary)`,
  );
  const result = new Map<string, TableInfo>(tables.map((table) => [table.table, { ...table, keys: [] }]));
  for (const key of keys) result.get(key.table)?.keys.push({ name: key.name, columns: key.columns });
  return result;
}

async function foreignKeys(): Promise<{ from: string; to: string; name: string }[]> {
  const { rows } = await pool.query<{ from: string; to: string; name: string }>(
    `SELECT f.relname AS from, t.relname AS to, c.conname AS name
     FROM pg_constraint c JOIN pg_class f ON f.oid = c.conrelid JOIN pg_class t ON t.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = f.relnamespace
     WHERE n.nspname = 'public' AND c.contype = 'f'`,
  );
  return rows;
}

describe("keys for distribution by organization", () => {
  it("places every table: distributed, reference, local, or listed as needing its keys fixed", async () => {
    const tables = await catalog();
    const placed = new Set([...DISTRIBUTED, ...REFERENCE, ...LOCAL, ...Object.keys(KEYS_TO_FIX)]);
    expect(placed.size, "a table is listed twice").toBe(DISTRIBUTED.length + REFERENCE.length + LOCAL.length + Object.keys(KEYS_TO_FIX).length);
    const unplaced = [...tables.values()].filter((table) => !placed.has(table.table)).map((table) => `${table.table}${table.hasOrgId ? ' (has "orgId")' : ""}`);
    expect(unplaced, "new tables: add each to a list in lib/database/keys.int.test.ts and to docs/scale.md").toEqual([]);
    const gone = [...placed].filter((name) => !tables.has(name));
    expect(gone, "listed tables that no longer exist").toEqual([]);
  });

  it("starts every primary and unique key of a distributed table with orgId", async () => {
    const tables = await catalog();
    const violations: string[] = [];
    for (const name of DISTRIBUTED) {
      const table = tables.get(name)!;
      expect(table.hasOrgId, `${name} has an "orgId" column`).toBe(true);
      expect(table.keys.length, `${name} has a primary key`).toBeGreaterThan(0);
      for (const key of table.keys) if (key.columns[0] !== "orgId") violations.push(`${name}.${key.name} (${key.columns.join(", ")})`);
    }
    expect(violations).toEqual([]);
  });

  it("lists a fact table as needing its keys fixed only while it does", async () => {
    const tables = await catalog();
    for (const name of Object.keys(KEYS_TO_FIX)) {
      const table = tables.get(name)!;
      expect(table.hasOrgId, `${name} has an "orgId" column`).toBe(true);
      const compliant = table.keys.every((key) => key.columns[0] === "orgId");
      expect(compliant, `${name} now complies: move it to DISTRIBUTED`).toBe(false);
    }
  });

  it("has foreign keys only where Citus allows them", async () => {
    const distributed = new Set(DISTRIBUTED);
    const reference = new Set(REFERENCE);
    const refused: string[] = [];
    for (const key of await foreignKeys()) {
      // Distributed → reference, or distributed → distributed on the distribution column (none yet); reference → reference.
      if (distributed.has(key.from) && !reference.has(key.to)) refused.push(`${key.from} → ${key.to} (${key.name})`);
      if (reference.has(key.from) && !reference.has(key.to)) refused.push(`${key.from} → ${key.to} (${key.name})`);
      // Nothing may point at a distributed table from outside it.
      if (!distributed.has(key.from) && distributed.has(key.to)) refused.push(`${key.from} → ${key.to} (${key.name})`);
    }
    expect(refused).toEqual([]);
  });
});
