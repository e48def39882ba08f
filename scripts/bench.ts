// npm run bench -- [--records 10000000] [--seconds 10]: every benchmark, in one run, and docs/benchmarks.md from its
// figures. Each benchmark measures its own baseline in the same run: ingest against a raw COPY of the same rows;
// dashboard queries against the same aggregation over the raw ledger facts; the budget dial against the cheapest
// authenticated route; dashboards during an import against each alone. Benchmark Corp is seeded first when it
// holds fewer records than asked (npm run bench:seed).
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { withDatabase } from "../lib/database/admin.ts";
import { benchArgs } from "./lib/bench.ts";
import { resolveAppDatabase } from "./lib/database.ts";

const USAGE = `usage: npm run bench -- [--records 10000000] [--seconds 10]

The database is DATABASE_URL, or the embedded database's tokenledger_bench. Writes docs/benchmarks.md.`;
const { values, positive } = benchArgs(USAGE, { records: { type: "string" }, seconds: { type: "string" } });
const RECORDS = String(values.records ?? "10000000");
const SECONDS = positive("seconds", 10);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const log = (line: string) => console.error(line);
const server = await resolveAppDatabase();
const url = process.env.DATABASE_URL ?? withDatabase(server.url, "tokenledger_bench");
const env = { ...process.env, DATABASE_URL: url };

async function run(script: string, args: string[] = []): Promise<Record<string, unknown>> {
  log(`── ${script} ${args.join(" ")}`);
  const child = promisify(execFile)(process.execPath, [TSX, "--import", "./scripts/lib/allow-server-only.mjs", script, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  child.child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const { stdout } = await child;
  process.stdout.write(stdout);
  return JSON.parse(stdout.trim().split("\n").filter((line) => line.startsWith("{")).at(-1)!) as Record<string, unknown>;
}

type Stat = { p50: number; p95: number; perSecond: number; requests: number };
const ms = (value: number) => `${value.toFixed(1)} ms`;
const times = (value: number) => `${value.toFixed(1)}×`;

const client = new pg.Client({ connectionString: url });
await client.connect();
const postgres = (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
await client.end();
await run("scripts/bench-seed.ts", ["--records", RECORDS]);
const ingest = (await run("scripts/bench-ingest.ts", ["1000000"])) as { rows: number; endToEndRowsPerSecond: number; rawCopyRowsPerSecond: number; ratio: number; peakRssMegabytes: number };
const query = (await run("scripts/bench-query.ts", ["--seconds", String(SECONDS)])) as {
  api: Record<string, Stat>;
  uncached: Record<string, Stat>;
  inProcess: Record<string, { rollups: Stat; facts: Stat; ratio: number }>;
};
const dial = (await run("scripts/bench-dial.ts", ["--seconds", String(SECONDS)])) as { baseline: Stat; steady: Stat; changing: Stat };
const mixed = (await run("scripts/bench-mixed.ts", ["--seconds", String(SECONDS)])) as { quiet: Stat; busy: Stat; alone: { rowsPerSecond: number; seconds: number }; mixed: { rowsPerSecond: number; seconds: number }; connections: number };

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, PostgreSQL ${postgres}, Node ${process.version}`;
const lines = [
  "# Benchmarks",
  "",
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}. Each figure beside its baseline, measured in the same run;`,
  `the load generator (autocannon) runs on the same cores as the app and the database. Benchmark Corp holds ${Number(RECORDS).toLocaleString("en-US")} usage records.`,
  "",
  "## Ingest (`npm run bench:ingest`)",
  "",
  "| | rows/s | against raw COPY | peak RSS |",
  "|---|---|---|---|",
  `| 1,000,000-row OpenAI usage export, end to end (parse, normalize, price, attribute, write, roll up) | ${ingest.endToEndRowsPerSecond.toLocaleString("en-US")} | ${(ingest.ratio * 100).toFixed(0)} % | ${ingest.peakRssMegabytes} MB |`,
  `| baseline: raw COPY of the same normalized rows into a copy of the ledger table | ${ingest.rawCopyRowsPerSecond.toLocaleString("en-US")} | 100 % | |`,
  "",
  "## Dashboards (`npm run bench:query`)",
  "",
  "| query | API as served p50 / p95 | API, cache off p50 / p95 | one at a time: rollups / facts (baseline) | rollups faster |",
  "|---|---|---|---|---|",
  ...Object.keys(query.api).map((name) => {
    const served = query.api[name]!;
    const off = query.uncached[name]!;
    const local = query.inProcess?.[name];
    return `| ${name} | ${ms(served.p50)} / ${ms(served.p95)} | ${ms(off.p50)} / ${ms(off.p95)} | ${local ? `${ms(local.rollups.p50)} / ${ms(local.facts.p50)}` : "–"} | ${local ? times(local.ratio) : "–"} |`;
  }),
  "",
  "## The budget dial (`npm run bench:dial`, 10 clients)",
  "",
  "| | p50 | p95 | req/s |",
  "|---|---|---|---|",
  `| baseline: GET /api/v1/me | ${ms(dial.baseline.p50)} | ${ms(dial.baseline.p95)} | ${dial.baseline.perSecond.toFixed(0)} |`,
  `| GET /api/v1/budgets/status, steady | ${ms(dial.steady.p50)} | ${ms(dial.steady.p95)} | ${dial.steady.perSecond.toFixed(0)} |`,
  `| the same, usage pushed every second | ${ms(dial.changing.p50)} | ${ms(dial.changing.p95)} | ${dial.changing.perSecond.toFixed(0)} |`,
  "",
  `## Dashboards during an import (\`npm run bench:mixed\`, ${mixed.connections} overview clients, 1,000,000-row uploads)`,
  "",
  "| | overview p50 / p95 | import |",
  "|---|---|---|",
  `| baseline: each alone | ${ms(mixed.quiet.p50)} / ${ms(mixed.quiet.p95)} | ${mixed.alone.seconds.toFixed(1)} s, ${mixed.alone.rowsPerSecond.toLocaleString("en-US")} rows/s |`,
  `| together (${mixed.busy.requests.toLocaleString("en-US")} overview requests, no error) | ${ms(mixed.busy.p50)} / ${ms(mixed.busy.p95)} | ${mixed.mixed.seconds.toFixed(1)} s, ${mixed.mixed.rowsPerSecond.toLocaleString("en-US")} rows/s (${((mixed.mixed.rowsPerSecond / mixed.alone.rowsPerSecond) * 100).toFixed(0)} %) |`,
  "",
  "How costs grow with the ledger (1M, 10M, 50M records): `npm run bench:growth`, reported in docs/scale.md.",
  "",
];
// What people wrote about a run (a "## Notes" section at the end) is kept; the figures above it are rewritten.
const DOC = path.join(ROOT, "docs/benchmarks.md");
const previous = await readFile(DOC, "utf8").catch(() => "");
const notes = previous.indexOf("\n## Notes");
await writeFile(DOC, lines.join("\n") + (notes >= 0 ? `\n${previous.slice(notes + 1)}` : ""));
log("wrote docs/benchmarks.md");
await server.stop();
