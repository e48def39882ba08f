// npm run bench:query -- [options]: the dashboard query benchmark on the organization bench:seed fills (/bench).
// Starts the production build (building it when stale) on a free loopback port and measures, with autocannon and
// 20 concurrent clients, the overview API and an explorer query (group by team, last 90 days, daily, with the
// previous period), p50 / p95 per request: once as served (answers cached until the rollups change,
// lib/analytics/cache.ts) and once with the cache off, every request computed from the rollups. Then it computes
// the same two answers in-process, one request at a time, from the rollups and from the ledger facts alone
// (lib/analytics/explore.ts fromFactsOnly), for the ratio the rollups buy; one at a time because twenty concurrent
// answers from ten million facts take many minutes, and concurrency only widens the gap.
// Targets (issue 6): API p95 under 150 ms, rollups ≥ 20× faster than facts.
import autocannon from "autocannon";
import { benchAppEnv, benchArgs, benchDatabase, buildIfStale, startApp, stats, type Stats } from "./lib/bench.ts";

const USAGE = `usage: npm run bench:query -- [options]

  --seconds <n>       seconds of load per API query (default 15)
  --connections <n>   concurrent API clients (default 20)
  --raw-runs <n>      requests per query and source in the in-process comparison (default 3)
  --no-raw            skip the in-process rollups-against-facts comparison

Run npm run bench:seed first. The database is DATABASE_URL, or the embedded database's tokenledger_bench.`;

const { values, positive, fail } = benchArgs(USAGE, { seconds: { type: "string" }, connections: { type: "string" }, "raw-runs": { type: "string" }, "no-raw": { type: "boolean" } });
const SECONDS = positive("seconds", 15);
const CONNECTIONS = positive("connections", 20);
const RAW_RUNS = positive("raw-runs", 3);
const log = (line: string) => console.error(line);

const { server, url, token } = await benchDatabase(fail, log);
const env = await benchAppEnv(url);

if (!(await buildIfStale(env, log))) fail("next build failed.");

const headers = { Authorization: `Bearer ${token}` };
const EXPLORER = "/api/v1/explorer?range=90d&groupBy=team&granularity=day&metric=effective";
const QUERIES = [
  { name: "overview", path: "/api/v1/overview" },
  { name: "explorer (team, 90 days, daily)", path: EXPLORER },
];
const running: (() => Promise<unknown>)[] = [];
let exitCode = 0;

/** The production server on a free port, with the answer cache on or off. */
async function startServed(cache: "on" | "off"): Promise<{ base: string; stop: () => Promise<unknown> }> {
  const app = await startApp({ ...env, TOKENLEDGER_QUERY_CACHE: cache }, headers);
  running.push(app.stop);
  return app;
}

/** Each query under CONNECTIONS concurrent clients for SECONDS, after a warm-up; every answer must be a 200. */
async function load(base: string, label: string): Promise<Record<string, Stats>> {
  for (const query of QUERIES) {
    const response = await fetch(`${base}${query.path}`, { headers });
    if (!response.ok) throw new Error(`${query.path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  const measured: Record<string, Stats> = {};
  for (const query of QUERIES) {
    await autocannon({ url: `${base}${query.path}`, connections: CONNECTIONS, amount: CONNECTIONS * 2, headers, timeout: 60 });
    const latencies: number[] = [];
    let failures = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: `${base}${query.path}`, connections: CONNECTIONS, duration: SECONDS, headers, timeout: 60 }, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on("response", (_client, status, _bytes, time) => (status === 200 ? latencies.push(time) : failures++));
    });
    if (failures || result.errors || result.timeouts) throw new Error(`${query.path}: ${failures} non-200 answers, ${result.errors} errors, ${result.timeouts} timeouts`);
    const measuredQuery = stats(latencies, SECONDS);
    measured[query.name] = measuredQuery;
    log(`API ${label}, ${query.name}: ${measuredQuery.requests} requests, p50 ${measuredQuery.p50.toFixed(1)} ms, p95 ${measuredQuery.p95.toFixed(1)} ms`);
  }
  return measured;
}

try {
  const served = await startServed("on");
  const api = await load(served.base, "as served");
  await served.stop();
  const computing = await startServed("off");
  const uncached = await load(computing.base, "cache off");
  await computing.stop();

  let inProcess: Record<string, { rollups: Stats; facts: Stats; ratio: number }> | null = null;
  if (!values["no-raw"]) {
    inProcess = {};
    // Every answer computed: the in-process comparison is of the queries, not of the cache.
    process.env.TOKENLEDGER_QUERY_CACHE = "off";
    const { actorForToken } = await import("../lib/auth/actor.ts");
    const { explore, fromFactsOnly } = await import("../lib/analytics/explore.ts");
    const { overview, orgToday } = await import("../lib/analytics/overview.ts");
    const { fromSearchParams, queryOf } = await import("../lib/analytics/url.ts");
    const actor = await actorForToken(token);
    const explorerQuery = queryOf(fromSearchParams(new URL(EXPLORER, "http://localhost").searchParams), orgToday(actor.org.timeZone));
    const work: Record<string, () => Promise<unknown>> = { [QUERIES[0]!.name]: () => overview(actor), [QUERIES[1]!.name]: () => explore(actor, explorerQuery) };
    const measure = async (run: () => Promise<unknown>) => {
      const latencies: number[] = [];
      const started = performance.now();
      for (let index = 0; index < RAW_RUNS; index++) {
        const since = performance.now();
        await run();
        latencies.push(performance.now() - since);
      }
      return stats(latencies, (performance.now() - started) / 1000);
    };
    for (const [name, run] of Object.entries(work)) {
      await run();
      const rollups = await measure(run);
      log(`in-process ${name} from the rollups: p50 ${rollups.p50.toFixed(1)} ms`);
      const facts = await measure(() => fromFactsOnly(run));
      log(`in-process ${name} from the facts: p50 ${facts.p50.toFixed(1)} ms`);
      inProcess[name] = { rollups, facts, ratio: facts.p50 / rollups.p50 };
    }
    const { db } = await import("../lib/db.ts");
    const { pool } = await import("../lib/pg.ts");
    await Promise.all([db.$disconnect(), pool.end()]);
  }

  const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
  const lines = [`\nbench query, ${CONNECTIONS} concurrent API clients, ${SECONDS} s per query`];
  for (const query of QUERIES) {
    const http = api[query.name]!;
    const cold = uncached[query.name]!;
    lines.push(`  ${query.name}`);
    lines.push(`    API, as served          p50 ${ms(http.p50)}  p95 ${ms(http.p95)}  ${http.perSecond.toFixed(0).padStart(5)} req/s  ${http.p95 < 150 ? "p95 < 150 ms: met" : "p95 < 150 ms: MISSED"}`);
    lines.push(`    API, cache off          p50 ${ms(cold.p50)}  p95 ${ms(cold.p95)}  ${cold.perSecond.toFixed(0).padStart(5)} req/s`);
    const local = inProcess?.[query.name];
    if (local) {
      lines.push(`    one at a time, rollups  p50 ${ms(local.rollups.p50)}`);
      lines.push(`    one at a time, facts    p50 ${ms(local.facts.p50)}   rollups ${local.ratio.toFixed(0)}× faster  ${local.ratio >= 20 ? "≥ 20×: met" : "≥ 20×: MISSED"}`);
    }
  }
  console.log(lines.join("\n"));
  console.log(JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, api, uncached, inProcess }));
} catch (error) {
  console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  for (const stop of running) await stop();
  await server.stop();
}
process.exit(exitCode);
