// npm run bench:ingest [-- <rows>]: the ingest benchmark (issue: end to end ≥ 100,000 rows/s, ≥ 50 % of a raw
// COPY of the same rows, peak RSS < 300 MB whatever the size). Generates a realistic OpenAI usage export of N rows
// (default 1,000,000), imports it end to end in a child process (so its peak RSS is the import's own), then, in
// the same run, COPYs the very same normalized rows into a copy of usage_record with the same keys and indexes
// (the cheapest possible way to write them), and prints both rates, their ratio and the peak RSS. The import runs
// compiled (bundled with esbuild), as the app runs it: under tsx its loader thread alone adds ~130 MB of RSS.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { build } from "esbuild";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { prepareDatabase } from "../lib/database/prepare.ts";
import { ensureDatabase, withDatabase } from "../lib/database/admin.ts";
import { writeOpenAiUsageExport } from "./bench/openai-usage-export.ts";
import { resolveAppDatabase, resolveAuthSecret } from "./lib/database.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(rows) || rows <= 0) {
  console.error("usage: npm run bench:ingest -- [rows]");
  process.exit(2);
}
const server = await resolveAppDatabase();
const url = process.env.DATABASE_URL ? server.url : withDatabase(server.url, "tokenledger_bench");
await ensureDatabase(url);
await prepareDatabase(url);
const env = { ...process.env, DATABASE_URL: url, AUTH_SECRET: await resolveAuthSecret(), LOG_LEVEL: "warn" };

const directory = await mkdtemp(path.join(tmpdir(), "tokenledger-bench-"));
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const file = path.join(directory, "openai-usage-completions.csv");
  let started = performance.now();
  await writeOpenAiUsageExport(file, rows);
  const { size } = await stat(file);
  console.error(`generated ${rows.toLocaleString("en-US")} rows (${(size / 1024 ** 2).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const { rows: created } = await client.query<{ id: string }>(
    `INSERT INTO organization (id, name, slug, "timeZone", currency, "updatedAt") VALUES ($1, $2, $3, 'UTC', 'USD', now()) RETURNING id`,
    [randomUUID(), `Benchmark ${slug}`, slug],
  );
  const orgId = created[0]!.id;

  const bundle = path.join(directory, "ingest-once.mjs");
  await build({
    entryPoints: ["scripts/bench/ingest-once.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: bundle,
    logLevel: "warning",
  });
  // The bundle imports packages by name: run it where node_modules resolves.
  const runnable = path.resolve(".data/bench-ingest-once.mjs");
  await copyFile(bundle, runnable);
  const { stdout } = await promisify(execFile)(process.execPath, [runnable, orgId, file], {
    env,
    maxBuffer: 1024 * 1024,
  });
  const ingest = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    status: string;
    message: string | null;
    rows: number;
    seconds: number;
    timings: { stream: number; upsert: number; rollups: number };
    maxRssBytes: number;
  };
  console.error(`import phases: stream (read, map, COPY to staging) ${ingest.timings.stream.toFixed(2)} s, upsert ${ingest.timings.upsert.toFixed(2)} s, rollups ${ingest.timings.rollups.toFixed(2)} s`);
  if (ingest.status !== "completed") throw new Error(`the import failed: ${ingest.message}`);

  // The baseline: the same normalized rows, already formatted for COPY, into a table with the same keys.
  const normalized = path.join(directory, "normalized.copy");
  await pipeline(client.query(copyTo(`COPY (SELECT * FROM usage_record WHERE "orgId" = '${orgId}') TO STDOUT`)), createWriteStream(normalized));
  await client.query("DROP TABLE IF EXISTS bench_usage_record");
  await client.query("CREATE TABLE bench_usage_record (LIKE usage_record INCLUDING ALL)");
  started = performance.now();
  await pipeline(createReadStream(normalized, { highWaterMark: 1024 * 1024 }), client.query(copyFrom("COPY bench_usage_record FROM STDIN")));
  const copySeconds = (performance.now() - started) / 1000;
  await client.query("DROP TABLE bench_usage_record");

  const endToEnd = ingest.rows / ingest.seconds;
  const rawCopy = ingest.rows / copySeconds;
  const result = {
    rows: ingest.rows,
    fileMegabytes: Math.round(size / 1024 ** 2),
    endToEndSeconds: Number(ingest.seconds.toFixed(2)),
    endToEndRowsPerSecond: Math.round(endToEnd),
    rawCopySeconds: Number(copySeconds.toFixed(2)),
    rawCopyRowsPerSecond: Math.round(rawCopy),
    ratio: Number((endToEnd / rawCopy).toFixed(2)),
    peakRssMegabytes: Math.round(ingest.maxRssBytes / 1024 ** 2),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 1024 ** 3)} GB`,
  };
  console.log(`
ingest benchmark, ${result.rows.toLocaleString("en-US")} rows (${result.fileMegabytes} MB OpenAI usage export), ${result.machine}
  end to end     ${result.endToEndSeconds.toFixed(2).padStart(7)} s   ${result.endToEndRowsPerSecond.toLocaleString("en-US").padStart(9)} rows/s   (target ≥ 100,000)
  raw COPY       ${result.rawCopySeconds.toFixed(2).padStart(7)} s   ${result.rawCopyRowsPerSecond.toLocaleString("en-US").padStart(9)} rows/s   (same rows, same keys and indexes)
  ratio          ${(result.ratio * 100).toFixed(0).padStart(7)} %                         (target ≥ 50 %)
  peak RSS       ${String(result.peakRssMegabytes).padStart(7)} MB                        (target < 300 MB)`);
  console.log(JSON.stringify(result));
  await client.query(`DELETE FROM usage_record WHERE "orgId" = $1`, [orgId]);
  await client.query(`DELETE FROM daily_usage WHERE "orgId" = $1`, [orgId]);
  await client.query(`DELETE FROM organization WHERE id = $1`, [orgId]);
} finally {
  await client.end();
  await rm(directory, { recursive: true, force: true });
  await server.stop();
}
