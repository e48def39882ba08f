// npm run bench:mixed -- [--rows 1000000] [--connections 50]: dashboards under an import. On Benchmark Corp (run
// npm run bench:seed first), the production app on loopback: (1) a 1,000,000-row OpenAI usage export uploaded
// through the API with nothing else running (the baseline import); (2) the overview API under 50 concurrent
// clients with nothing importing (the baseline dashboard); (3) both at once: another 1,000,000-row export uploading
// while 50 clients load the overview until the import has finished. Every answer must be a 200 and the import must
// complete; the p95 of the dashboard and the import's rows per second are reported for each phase.
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import autocannon from "autocannon";
import { writeOpenAiUsageExport } from "./bench/openai-usage-export.ts";
import { benchAppEnv, benchArgs, benchDatabase, buildIfStale, startApp, stats, type Stats } from "./lib/bench.ts";

const USAGE = `usage: npm run bench:mixed -- [--rows 1000000] [--connections 50] [--seconds 10]

Run npm run bench:seed first. The database is DATABASE_URL, or the embedded database's tokenledger_bench.`;
const { positive, fail } = benchArgs(USAGE, { rows: { type: "string" }, connections: { type: "string" }, seconds: { type: "string" } });
const ROWS = positive("rows", 1_000_000);
const CONNECTIONS = positive("connections", 50);
const SECONDS = positive("seconds", 10);
const log = (line: string) => console.error(line);

const { server, url, token } = await benchDatabase(fail, log);
const env = await benchAppEnv(url, {
  TOKENLEDGER_MAX_UPLOAD_BYTES: String(2 * 1024 ** 3),
});
if (!(await buildIfStale(env, log))) fail("next build failed.");
const headers = { Authorization: `Bearer ${token}` };
const directory = await mkdtemp(path.join(tmpdir(), "tokenledger-mixed-"));
const files = [path.join(directory, "alone.csv"), path.join(directory, "mixed.csv")];
// Different periods, so the second file is not the first one again (an upload of the same bytes is recognised).
await writeOpenAiUsageExport(files[0]!, ROWS, new Date("2026-11-01T00:00:00Z"));
await writeOpenAiUsageExport(files[1]!, ROWS, new Date("2026-08-01T00:00:00Z"));
log(`generated two exports of ${ROWS.toLocaleString("en-US")} rows (${((await stat(files[0]!)).size / 1024 ** 2).toFixed(0)} MB each)`);

const app = await startApp(env, headers);
type Import = { seconds: number; rowsPerSecond: number; uploadId: string };

async function upload(file: string): Promise<Import> {
  const started = performance.now();
  const response = await fetch(`${app.base}/api/v1/uploads?filename=${path.basename(file)}`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "text/csv" },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  if (response.status !== 202) throw new Error(`the upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const { upload: created } = (await response.json()) as { upload: { id: string } };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const { upload: state } = (await (await fetch(`${app.base}/api/v1/uploads/${created.id}`, { headers })).json()) as { upload: { status: string; rowsImported: number; message: string | null } };
    if (state.status === "failed") throw new Error(`the import failed: ${state.message}`);
    if (state.status === "completed") {
      const seconds = (performance.now() - started) / 1000;
      return { seconds, rowsPerSecond: Math.round(state.rowsImported / seconds), uploadId: created.id };
    }
  }
}

async function load(until: Promise<unknown> | null): Promise<Stats> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url: `${app.base}/api/v1/overview`, connections: CONNECTIONS, duration: until ? 3600 : SECONDS, headers, timeout: 60 }, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", (_client, status, _bytes, time) => (status === 200 ? latencies.push(time) : failures++));
  });
  if (until) await until.finally(() => instance?.stop());
  const result = await done;
  if (failures || result.errors || result.timeouts) throw new Error(`overview: ${failures} non-200 answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  return stats(latencies, (performance.now() - started) / 1000);
}

let exitCode = 0;
try {
  const alone = await upload(files[0]!);
  log(`import alone: ${alone.seconds.toFixed(1)} s, ${alone.rowsPerSecond.toLocaleString("en-US")} rows/s`);
  await fetch(`${app.base}/api/v1/overview`, { headers });
  const quiet = await load(null);
  log(`overview alone: p50 ${quiet.p50.toFixed(1)} ms, p95 ${quiet.p95.toFixed(1)} ms`);
  const importing = upload(files[1]!);
  const busy = await load(importing);
  const mixed = await importing;
  log(`together: overview p95 ${busy.p95.toFixed(1)} ms over ${busy.requests} requests; import ${mixed.seconds.toFixed(1)} s`);
  const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  console.log(
    [
      `\nbench mixed, ${CONNECTIONS} concurrent overview clients, ${ROWS.toLocaleString("en-US")}-row uploads`,
      `  overview alone           p50 ${ms(quiet.p50)}  p95 ${ms(quiet.p95)}  ${quiet.perSecond.toFixed(0)} req/s`,
      `  overview while importing p50 ${ms(busy.p50)}  p95 ${ms(busy.p95)}  ${busy.perSecond.toFixed(0)} req/s, ${busy.requests} requests, 0 errors`,
      `  import alone             ${alone.seconds.toFixed(1)} s, ${alone.rowsPerSecond.toLocaleString("en-US")} rows/s`,
      `  import under load        ${mixed.seconds.toFixed(1)} s, ${mixed.rowsPerSecond.toLocaleString("en-US")} rows/s (${((mixed.rowsPerSecond / alone.rowsPerSecond) * 100).toFixed(0)} % of alone)`,
    ].join("\n"),
  );
  console.log(JSON.stringify({ rows: ROWS, connections: CONNECTIONS, quiet, busy, alone, mixed }));
  // Leave Benchmark Corp as bench:seed made it.
  for (const id of [alone.uploadId, mixed.uploadId]) await fetch(`${app.base}/api/v1/uploads/${id}`, { method: "DELETE", headers });
} catch (error) {
  console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await app.stop();
  await rm(directory, { recursive: true, force: true });
  await server.stop();
}
process.exit(exitCode);
