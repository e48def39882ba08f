// npm run bench:dial -- [options]: how fast the budget dial (GET /api/v1/budgets/status) answers, as a gateway
// would call it, once per request. On the app's database (DATABASE_URL, or the embedded one) with the demo
// organization (seeded when missing: its budgets, usage and policies), it starts the production build on a free
// loopback port and measures with autocannon and concurrent clients, cycling through team / workflow / model
// questions: first steady (the standings cached until something changes), then with usage pushed every second
// (every push changes the ledger, so the next call recomputes the standings: the gateway's worst case).
// Target (issue 7): p95 under 20 ms. The baseline, in the same run: GET /api/v1/me under the same load.
import autocannon from "autocannon";
import { prepareDatabase } from "../lib/database/prepare.ts";
import { resolveAppDatabase } from "./lib/database.ts";
import { benchAppEnv, benchArgs, buildIfStale, startApp, stats, type Stats } from "./lib/bench.ts";

const USAGE = `usage: npm run bench:dial -- [options]

  --seconds <n>       seconds of load per phase (default 15)
  --connections <n>   concurrent clients (default 10)

The database is DATABASE_URL, or the embedded one under .data/ (the demo organization is seeded when missing).`;

const { positive, fail } = benchArgs(USAGE, { seconds: { type: "string" }, connections: { type: "string" } });
const SECONDS = positive("seconds", 15);
const CONNECTIONS = positive("connections", 10);
const log = (line: string) => console.error(line);

const server = await resolveAppDatabase();
await prepareDatabase(server.url, log);
const env = await benchAppEnv(server.url, {
  // The gateway's app server only answers; jobs (syncs, scheduled evaluations) run elsewhere.
  TOKENLEDGER_JOBS: "worker",
});

const { db } = await import("../lib/db.ts");
const { DEMO_ORG } = await import("../lib/demo/accounts.ts");
if (!(await db.budget.count({ where: { organization: { slug: DEMO_ORG.slug } } }))) {
  log("seeding the demo organization (usage, budgets)…");
  const { seedDemo } = await import("../lib/demo/seed-demo.ts");
  await seedDemo(log, { usage: true });
}
const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
const admin = await db.membership.findFirstOrThrow({ where: { orgId: org.id, role: "ADMIN" }, orderBy: { createdAt: "asc" } });
const { unsafeCreateApiToken } = await import("../lib/tokens/create-api-token.ts");
const who = { orgId: org.id, userId: admin.userId, actorUserId: null, actorTokenId: null };
const { secret: token } = await unsafeCreateApiToken(who, { name: "bench:dial", scopes: ["budgets:read"], expiresInDays: "1" });
const { secret: pushToken } = await unsafeCreateApiToken(who, { name: "bench:dial pushes", scopes: ["usage:write"], expiresInDays: "1" });
await db.$disconnect();
if (!(await buildIfStale(env, log))) fail("next build failed.");

const QUESTIONS = [
  "team=Customer%20Support&model=gpt-4o-2024-08-06",
  "team=Support%20Tier%201&workflow=Knowledge%20base%20QA&model=claude-haiku-4-5",
  "team=Legal&model=claude-sonnet-4-5-20250929",
  "workflow=Query%20rewriting&model=nova-pro",
  "team=Engineering",
  "team=Marketing&model=gpt-4.1",
].map((query) => `/api/v1/budgets/status?${query}`);
const headers = { Authorization: `Bearer ${token}` };

async function phase(base: string, label: string, paths: readonly string[] = QUESTIONS): Promise<Stats> {
  for (const path of paths) {
    const response = await fetch(`${base}${path}`, { headers });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  const latencies: number[] = [];
  let failures = 0;
  const requests = paths.map((path) => ({ method: "GET" as const, path }));
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, headers, requests, timeout: 30 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, status, _bytes, time) => (status === 200 ? latencies.push(time) : failures++));
  });
  if (failures || result.errors || result.timeouts) throw new Error(`${label}: ${failures} non-200 answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  const measured = stats(latencies, SECONDS);
  log(`${label}: ${measured.requests} requests, p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms, p99 ${measured.p99.toFixed(1)} ms`);
  return measured;
}

let exitCode = 0;
const app = await startApp(env, headers, "/api/v1/budgets/status?team=Engineering");
try {
  // The baseline: the cheapest authenticated route (who am I), same clients, same token check.
  const baseline = await phase(app.base, "baseline GET /api/v1/me", ["/api/v1/me"]);
  const steady = await phase(app.base, "steady");
  // Usage pushed every second while the gateway asks: each push moves the rollups, the next answer recomputes.
  let pushes = 0;
  const today = new Date().toISOString().slice(0, 10);
  const pusher = setInterval(() => {
    pushes++;
    const event = { eventId: `bench-dial-${Date.now()}-${pushes}`, timestamp: `${today}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1000, outputTokens: 100, team: "Customer Support" };
    void fetch(`${app.base}/api/v1/usage`, { method: "POST", headers: { Authorization: `Bearer ${pushToken}`, "Content-Type": "application/json" }, body: JSON.stringify([event]) });
  }, 1000);
  const changing = await phase(app.base, "with usage pushed every second");
  clearInterval(pusher);
  const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  const verdict = (value: Stats) => (value.p95 < 20 ? "p95 < 20 ms: met" : "p95 < 20 ms: MISSED");
  console.log(
    [
      `\nbench dial, ${CONNECTIONS} concurrent clients, ${SECONDS} s per phase, ${QUESTIONS.length} questions in turn`,
      `  baseline GET /api/v1/me         p50 ${ms(baseline.p50)}  p95 ${ms(baseline.p95)}  p99 ${ms(baseline.p99)}  ${baseline.perSecond.toFixed(0).padStart(5)} req/s`,
      `  steady                          p50 ${ms(steady.p50)}  p95 ${ms(steady.p95)}  p99 ${ms(steady.p99)}  ${steady.perSecond.toFixed(0).padStart(5)} req/s  ${verdict(steady)}`,
      `  usage pushed every second (${pushes})  p50 ${ms(changing.p50)}  p95 ${ms(changing.p95)}  p99 ${ms(changing.p99)}  ${changing.perSecond.toFixed(0).padStart(5)} req/s  ${verdict(changing)}`,
    ].join("\n"),
  );
  console.log(JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, baseline, steady, changing, pushes }));
} catch (error) {
  console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await app.stop();
  await server.stop();
}
process.exit(exitCode);
