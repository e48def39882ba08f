// npm run bench:seed -- [--records N] [--fresh]: fills the benchmark organization, Benchmark Corp (/bench), with N
// usage records (default 10,000,000) over the 365 days ending yesterday (UTC), and their daily rollups, for the
// dashboard query benchmarks. The records are generated set-based in Postgres (scripts/bench/generate-usage.ts),
// deterministic for a seed; the rollups are recomputed from them. Also writes an API token of the organization's
// admin (scope "all") to .data/bench-token. A rerun on an organization that already has N records does nothing;
// --fresh deletes its records and rollups and recreates the organization.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase, redactUrl, withDatabase } from "../lib/database/admin.ts";
import { DATA_ROOT } from "../lib/database/embedded.ts";
import { prepareDatabase } from "../lib/database/prepare.ts";
import { buildRollups, rollupsMatch } from "./bench/build-rollups.ts";
import { buildUsageShape, contractFor, type UsageShape } from "./bench/build-usage-shape.ts";
import { chunkDays, generateUsage } from "./bench/generate-usage.ts";
import { resolveAppDatabase, resolveAuthSecret } from "./lib/database.ts";

const USAGE = `usage: npm run bench:seed -- [options]

  --records <n>      usage records to generate (default 10,000,000; 10M, 500k and 1_000_000 work too)
  --fresh            delete the benchmark organization's records and rollups, and recreate it, first
  --seed <n>         seed of the pseudo-random values (default 1): the same seed writes the same ledger
  --jobs <n>         chunks written at once, one connection each (default: the number of cores, at most 4)
  --chunk-rows <n>   records per INSERT, in whole days (default: records / 40, between 10,000 and 500,000)

The database is DATABASE_URL, or the embedded database's tokenledger_bench when it is unset.`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+(?:[_,]\d{3})*|\d+(?:\.\d+)?[kKmM])$/.exec(text.trim());
  if (!match) fail(`--${name} takes a whole number, not "${text}".`);
  const plain = text.replace(/[_,]/g, "");
  const multiplier = /[kK]$/.test(plain) ? 1_000 : /[mM]$/.test(plain) ? 1_000_000 : 1;
  const value = Math.round(Number.parseFloat(plain) * multiplier);
  if (!Number.isSafeInteger(value) || value <= 0) fail(`--${name} must be positive.`);
  return value;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      records: { type: "string" },
      fresh: { type: "boolean" },
      seed: { type: "string" },
      jobs: { type: "string" },
      "chunk-rows": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
const records = wholeNumber(values.records as string | undefined, "records", 10_000_000);
const seed = wholeNumber(values.seed as string | undefined, "seed", 1);
const jobs = wholeNumber(values.jobs as string | undefined, "jobs", Math.min(Math.max(cpus().length, 1), 4));
const chunkRows = wholeNumber(values["chunk-rows"] as string | undefined, "chunk-rows", Math.min(500_000, Math.max(10_000, Math.ceil(records / 40))));
const fresh = Boolean(values.fresh);
// Big hash joins and aggregates stay in memory (the rollup of ten million records has millions of groups).
const WORK_MEM = "512MB";

const log = (line: string) => console.error(line);
const number = (value: number) => value.toLocaleString("en-US");
const seconds = (since: number) => (performance.now() - since) / 1000;
const phases: Record<string, number> = {};
const started = performance.now();

const server = await resolveAppDatabase();
const url = process.env.DATABASE_URL ? server.url : withDatabase(server.url, "tokenledger_bench");
let phase = performance.now();
await ensureDatabase(url);
await prepareDatabase(url, log);
phases.prepare = seconds(phase);
log(`database ${redactUrl(url)} ready (migrations, price catalog) in ${phases.prepare.toFixed(1)} s`);
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= await resolveAuthSecret();
process.env.LOG_LEVEL ??= "warn";

const { db } = await import("../lib/db.ts");
const { BENCH_ADMIN, BENCH_MANAGED_TEAMS, BENCH_ORG, BENCH_PASSWORD, BENCH_PEOPLE, seedBenchOrganization } = await import("./bench/seed-bench-organization.ts");
const { hashSecret } = await import("../lib/auth/secret-token.ts");
const { unsafeCreateApiToken } = await import("../lib/tokens/create-api-token.ts");

const pool = new pg.Pool({ connectionString: url, max: Math.max(jobs, 2) + 1 });
const admin = new pg.Client({ connectionString: url });
await admin.connect();
let exitCode = 0;
try {
  const factCount = async (orgId: string) =>
    Number((await admin.query<{ count: string }>(`SELECT count(*)::text AS count FROM usage_record WHERE "orgId" = $1`, [orgId])).rows[0]!.count);
  /** Deletes the organization's records and rollups, then vacuums so the new records reuse the space. */
  const clearLedger = async (orgId: string) => {
    const since = performance.now();
    const deleted = await admin.query(`DELETE FROM usage_record WHERE "orgId" = $1`, [orgId]);
    await admin.query(`DELETE FROM daily_usage WHERE "orgId" = $1`, [orgId]);
    await admin.query(`DELETE FROM daily_usage_detail WHERE "orgId" = $1`, [orgId]);
    if (deleted.rowCount) await admin.query("VACUUM usage_record, daily_usage, daily_usage_detail");
    phases.clear = seconds(since);
    log(`deleted ${number(deleted.rowCount ?? 0)} records and the rollups of /${BENCH_ORG.slug} in ${phases.clear.toFixed(1)} s`);
  };

  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const old = await db.organization.findUnique({ where: { slug: BENCH_ORG.slug } });
  if (old && fresh) {
    await clearLedger(old.id);
    // The organization, whose deletion cascades to what has a foreign key to it, then what it owns without one
    // (price overrides, attribution rules, pushed events …), found by their orgId column.
    const { rows: tables } = await admin.query<{ table: string }>(
      `SELECT table_name AS table FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'orgId' AND table_name NOT IN ('usage_record', 'daily_usage', 'daily_usage_detail')`,
    );
    await admin.query("BEGIN");
    await admin.query(`DELETE FROM organization WHERE id = $1`, [old.id]);
    for (const { table } of tables) await admin.query(`DELETE FROM ${admin.escapeIdentifier(table)} WHERE "orgId" = $1`, [old.id]);
    await admin.query("COMMIT");
    log(`deleted the organization /${BENCH_ORG.slug}`);
  }
  phase = performance.now();
  const bench = await seedBenchOrganization(contractFor(yesterday));
  phases.organization = seconds(phase);
  log(`organization "${BENCH_ORG.name}" (/${BENCH_ORG.slug}) ${bench.created ? "created" : "exists"}: ${bench.teamIds.size} teams, ${bench.workflows.length} workflows`);

  // The token a query benchmark calls the HTTP API with: kept while it still works, else a new one.
  const tokenFile = path.join(DATA_ROOT, "bench-token");
  const kept = await readFile(tokenFile, "utf8").then((text) => text.trim(), () => "");
  const valid = kept && (await db.apiToken.findFirst({ where: { orgId: bench.orgId, tokenHash: hashSecret(kept), revokedAt: null } }));
  if (!valid) {
    const { secret } = await unsafeCreateApiToken(
      { orgId: bench.orgId, userId: bench.adminUserId, actorUserId: bench.adminUserId, actorTokenId: null },
      { name: "Query benchmark", scopes: ["all"], expiresInDays: null },
    );
    await mkdir(DATA_ROOT, { recursive: true });
    await writeFile(tokenFile, `${secret}\n`, { mode: 0o600 });
    await chmod(tokenFile, 0o600);
  }
  log(`API token (scope "all", acting for ${BENCH_ADMIN.email}) ${valid ? "kept" : "written"} in ${tokenFile}`);

  const existing = await factCount(bench.orgId);
  let shape: UsageShape | null = null;
  if (existing >= records) {
    const range = (
      await admin.query<{ first: string; last: string }>(
        `SELECT to_char(min("usageDate"), 'YYYY-MM-DD') AS first, to_char(max("usageDate"), 'YYYY-MM-DD') AS last FROM usage_record WHERE "orgId" = $1`,
        [bench.orgId],
      )
    ).rows[0]!;
    log(`/${BENCH_ORG.slug} already has ${number(existing)} records (≥ ${number(records)}), ${range.first} to ${range.last}; nothing to generate (--fresh rebuilds them).`);
    if (!(await rollupsMatch(admin, bench.orgId, existing))) {
      log("its rollups do not add up to its records (an interrupted run?): rebuilding them");
      await rebuild(bench.orgId, existing);
    }
  } else {
    if (existing > 0) {
      log(`/${BENCH_ORG.slug} has ${number(existing)} records, fewer than ${number(records)}: replacing them`);
      await clearLedger(bench.orgId);
    }

    phase = performance.now();
    shape = buildUsageShape({ records, seed, lastDay: yesterday, workflows: bench.workflows });
    const chunks = chunkDays(shape.days, chunkRows);
    log(
      `generating ${number(records)} records, ${shape.firstDay} to ${shape.lastDay}, in ${chunks.length} chunks on ${Math.min(jobs, chunks.length)} connections ` +
        `(${shape.counts.projects} projects, ${shape.counts.apiKeys} API keys, ${shape.counts.providerUsers} provider users, ${shape.counts.streams} streams, seed ${seed})`,
    );
    let written = 0;
    let done = 0;
    await generateUsage(pool, { orgId: bench.orgId, seed, shape, chunks, jobs, workMem: WORK_MEM }, (chunk) => {
      written += chunk.rows;
      done += 1;
      const rate = written / seconds(phase);
      const first = chunk.days[0]!.day;
      const last = chunk.days.at(-1)!.day;
      log(
        `  [${String(done).padStart(String(chunks.length).length)}/${chunks.length}] ${first}${first === last ? "        " : ` … ${last.slice(5)}`} ` +
          `${number(chunk.rows).padStart(9)} records in ${chunk.seconds.toFixed(2).padStart(6)} s (${number(Math.round(chunk.rows / chunk.seconds)).padStart(7)} rows/s)   ` +
          `${number(written).padStart(number(records).length)} / ${number(records)}, ${number(Math.round(rate))} rows/s overall, ~${Math.round((records - written) / rate)} s left`,
      );
    });
    phases.records = seconds(phase);
    log(`wrote ${number(records)} records in ${phases.records.toFixed(1)} s (${number(Math.round(records / phases.records))} rows/s)`);
    await rebuild(bench.orgId, records);
  }

  // The summary, from the database.
  const { rows } = await admin.query<{ facts: string; daily: string; detail: string; first: string | null; last: string | null; estimated: string | null; billed: string | null }>(
    `SELECT (SELECT count(*) FROM usage_record WHERE "orgId" = $1)::text AS facts,
       (SELECT count(*) FROM daily_usage WHERE "orgId" = $1)::text AS daily,
       (SELECT count(*) FROM daily_usage_detail WHERE "orgId" = $1)::text AS detail,
       (SELECT to_char(min(day), 'YYYY-MM-DD') FROM daily_usage WHERE "orgId" = $1) AS first,
       (SELECT to_char(max(day), 'YYYY-MM-DD') FROM daily_usage WHERE "orgId" = $1) AS last,
       (SELECT sum("estimatedCost")::text FROM daily_usage WHERE "orgId" = $1) AS estimated,
       (SELECT sum("billedCost")::text FROM daily_usage WHERE "orgId" = $1) AS billed`,
    [bench.orgId],
  );
  const summary = rows[0]!;
  const facts = Number(summary.facts);
  const daily = Number(summary.daily);
  const detail = Number(summary.detail);
  phases.total = seconds(started);
  const result = {
    org: BENCH_ORG.slug,
    orgId: bench.orgId,
    records: facts,
    generated: shape !== null,
    firstDay: summary.first,
    lastDay: summary.last,
    dailyUsageRows: daily,
    dailyUsageDetailRows: detail,
    recordsPerDailyUsageRow: daily ? Number((facts / daily).toFixed(1)) : null,
    recordsPerDetailRow: detail ? Number((facts / detail).toFixed(2)) : null,
    estimatedCostUsd: summary.estimated,
    billedCostUsd: summary.billed,
    seconds: Object.fromEntries(Object.entries(phases).map(([name, value]) => [name, Number(value.toFixed(1))])),
    rowsPerSecond: phases.records ? Math.round(records / phases.records) : null,
    shares: shape?.shares ?? null,
    tokenFile,
    managedTeams: BENCH_MANAGED_TEAMS,
    people: [{ email: BENCH_ADMIN.email, role: "ADMIN" }, ...BENCH_PEOPLE.map((person) => ({ email: person.email, role: person.role }))],
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 1024 ** 3)} GB`,
  };
  const line = (label: string, value: number | undefined, note = "") => (value === undefined ? "" : `\n  ${label.padEnd(22)}${value.toFixed(1).padStart(8)} s${note}`);
  console.log(`
bench seed, /${result.org} (${BENCH_ORG.name}), ${result.machine}
  records               ${number(facts).padStart(12)}   ${result.firstDay} to ${result.lastDay}
  daily_usage           ${number(daily).padStart(12)}   ${result.recordsPerDailyUsageRow ?? "-"} records per row
  daily_usage_detail    ${number(detail).padStart(12)}   ${result.recordsPerDetailRow ?? "-"} records per row
  estimated cost        ${summary.estimated ?? "0"} USD (billed ${summary.billed ?? "0"} USD)` +
    line("prepare database", phases.prepare) +
    line("delete old ledger", phases.clear) +
    line("organization, token", phases.organization) +
    line("records", phases.records, phases.records ? `   ${number(Math.round(records / phases.records))} rows/s` : "") +
    line("rollups", phases.rollups) +
    line("vacuum, analyze", phases.analyze) +
    line("total", phases.total) +
    `
  sign in as ${BENCH_ADMIN.email} (or ${BENCH_PEOPLE.map((person) => person.email).join(", ")}), password "${BENCH_PASSWORD}"; API token in ${tokenFile}`);
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await admin.end();
  await pool.end();
  await db.$disconnect();
  await server.stop();
}
process.exit(exitCode);

/** Both rollups from the facts, then VACUUM ANALYZE: fresh statistics and a visibility map, as a steady-state database has. */
async function rebuild(orgId: string, expected: number): Promise<void> {
  let since = performance.now();
  const counts = await buildRollups(pool, orgId, WORK_MEM, (table, rows, took) => log(`${table}: ${number(rows)} rows in ${took.toFixed(1)} s`));
  phases.rollups = seconds(since);
  log(`rollups in ${phases.rollups.toFixed(1)} s: ${number(counts.daily_usage)} daily_usage rows, ${number(counts.daily_usage_detail)} daily_usage_detail rows (${number(expected)} records)`);
  since = performance.now();
  await admin.query("VACUUM (ANALYZE) usage_record, daily_usage, daily_usage_detail");
  phases.analyze = seconds(since);
  log(`vacuum and analyze in ${phases.analyze.toFixed(1)} s`);
}
