// npm run bench:growth -- [--sizes 1m,10m,50m] [--ingest-rows 1000000]: how ingest and query costs grow with the
// ledger. For each size, in the benchmark database: bench:seed --fresh fills Benchmark Corp with that many records
// (and its rollups); bench:ingest imports a 1,000,000-row export beside them (end to end and raw COPY, so the
// ratio shows whether the slowdown is ours or the index's); then, in process and one request at a time, the
// overview and a 90-day daily explorer query, each from the rollups and from the ledger facts (the baseline: raw
// aggregation). Figures go to stdout and, as JSON lines, to .data/bench-growth.jsonl.
import { execFile } from "node:child_process";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { DATA_ROOT } from "../lib/database/embedded.ts";
import { withDatabase } from "../lib/database/admin.ts";
import { benchAppEnv, benchArgs } from "./lib/bench.ts";
import { resolveAppDatabase } from "./lib/database.ts";

const USAGE = `usage: npm run bench:growth -- [--sizes 1m,10m,50m] [--ingest-rows 1000000] [--runs 3]

The database is DATABASE_URL, or the embedded database's tokenledger_bench. Its benchmark organization is recreated
at each size.`;
const { values, positive } = benchArgs(USAGE, { sizes: { type: "string" }, "ingest-rows": { type: "string" }, runs: { type: "string" } });
const sizes = String(values.sizes ?? "1m,10m,50m").split(",").map((size) => size.trim());
const INGEST_ROWS = positive("ingest-rows", 1_000_000);
const RUNS = positive("runs", 3);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const server = await resolveAppDatabase();
const url = process.env.DATABASE_URL ?? withDatabase(server.url, "tokenledger_bench");
// The scripts it runs load the app's environment (AUTH_SECRET, the encryption key): the same as the other benchmarks.
const env = await benchAppEnv(url, { TOKENLEDGER_QUERY_CACHE: "off" });
const log = (line: string) => console.error(line);

async function run(script: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [TSX, "--import", "./scripts/lib/allow-server-only.mjs", script, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 3 * 60 * 60 * 1000 });
  return stdout;
}
const lastJson = <T>(text: string) => JSON.parse(text.trim().split("\n").filter((line) => line.startsWith("{")).at(-1)!) as T;

await mkdir(DATA_ROOT, { recursive: true });
const out = path.join(DATA_ROOT, "bench-growth.jsonl");
const rows: string[] = [];
for (const size of sizes) {
  log(`── ${size} records: seeding…`);
  let started = performance.now();
  await run("scripts/bench-seed.ts", ["--fresh", "--records", size]);
  const seedSeconds = (performance.now() - started) / 1000;
  log(`seeded in ${seedSeconds.toFixed(0)} s; importing ${INGEST_ROWS.toLocaleString("en-US")} rows beside them…`);
  const ingest = lastJson<{ endToEndRowsPerSecond: number; rawCopyRowsPerSecond: number }>(await run("scripts/bench-ingest.ts", [String(INGEST_ROWS)]));
  log(`ingest ${ingest.endToEndRowsPerSecond} rows/s (raw COPY ${ingest.rawCopyRowsPerSecond}); querying…`);
  started = performance.now();
  const query = lastJson<{ overviewRollups: number; overviewFacts: number; explorerRollups: number; explorerFacts: number }>(await run("scripts/bench/growth-queries.ts", [String(RUNS)]));
  const result = { size, seedSeconds: Math.round(seedSeconds), ingestRowsPerSecond: ingest.endToEndRowsPerSecond, rawCopyRowsPerSecond: ingest.rawCopyRowsPerSecond, ...query, at: new Date().toISOString() };
  await appendFile(out, `${JSON.stringify(result)}\n`);
  rows.push(
    `| ${size} | ${ingest.endToEndRowsPerSecond.toLocaleString("en-US")} | ${ingest.rawCopyRowsPerSecond.toLocaleString("en-US")} | ${query.overviewRollups} / ${query.overviewFacts} ms | ${query.explorerRollups} / ${query.explorerFacts} ms |`,
  );
  log(`queries in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(query)}`);
}
console.log(["| records | ingest 1M rows, rows/s | raw COPY, rows/s | overview, rollups / facts | explorer 90 d daily, rollups / facts |", "|---|---|---|---|---|", ...rows].join("\n"));
