import PgBoss from "pg-boss";
import { planSyncs, runSync } from "@/lib/connections/sync";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { pool } from "@/lib/pg";

// Background jobs on pg-boss, in the same Postgres (no other service). The app process runs them when it is the
// only node (TOKENLEDGER_JOBS=inline, the default); scaled out, `npm run worker` processes run them and the app
// only queues (TOKENLEDGER_JOBS=worker). Either way the handlers are the same functions, and idempotent: a
// run that is not queued any more is left alone. What a run did is recorded in job_run, for people to see.

export const QUEUES = { sync: "connection-sync", plan: "connections-plan", alerts: "alerts-evaluate", deliver: "alerts-deliver", recommendations: "recommendations-compute" } as const;

// Alerts and deliveries are loaded on use: they read the ledger through the app's server modules.
const alertsTrigger = () => import("@/lib/alerts/trigger");

let booting: Promise<PgBoss> | null = null;

/** The process's pg-boss, started once (it creates its own schema, `pgboss`, on first start). */
function boss(): Promise<PgBoss> {
  booting ??= (async () => {
    const instance = new PgBoss({ connectionString: env.DATABASE_URL, schema: "pgboss", application_name: "tokenledger-jobs", max: 4 });
    instance.on("error", (error) => logger.error({ err: error }, "job queue error"));
    await instance.start();
    for (const queue of Object.values(QUEUES)) await instance.createQueue(queue);
    return instance;
  })();
  return booting;
}

/** Queues a sync run; the worker (here or in `npm run worker`) picks it up within a couple of seconds. */
export async function enqueueSync(runId: string): Promise<string | null> {
  return (await boss()).send(QUEUES.sync, { runId }, { retryLimit: 0 });
}

/** Starts working the queues in this process, and the hourly planning of syncs. */
export async function startJobWorkers(options: { plan?: boolean } = {}): Promise<void> {
  const instance = await boss();
  await instance.work<{ runId: string }>(QUEUES.sync, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    await runSync(job.data.runId, { pool });
    // A sync that wrote usage may cross a budget's threshold; a failed one is an alert of its own.
    const { rows } = await pool.query<{ orgId: string }>(`SELECT "orgId" FROM job_run WHERE id = $1`, [job.data.runId]);
    if (rows[0]) await (await alertsTrigger()).evaluateSoon(rows[0].orgId);
  });
  // Tests that share a database with others leave the planning (which sees every organization) off.
  if (options.plan === false) return;
  await instance.work(QUEUES.plan, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    for (const runId of await planSyncs(pool)) await enqueueSync(runId);
  });
  // Every ten minutes, every organization's alerts (what the triggers after imports and syncs missed, and budgets'
  // forecasts as days pass); every minute, deliveries due for a retry.
  await instance.work(QUEUES.alerts, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    const { evaluateSoon } = await alertsTrigger();
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM organization ORDER BY id`);
    for (const org of rows) await evaluateSoon(org.id);
  });
  await instance.work(QUEUES.deliver, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    await (await import("@/lib/notifications/delivery")).deliverDue();
  });
  // Nightly, every organization's recommendations from the last 30 days (lib/recommendations).
  await instance.work(QUEUES.recommendations, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
    const { computeRecommendations } = await import("@/lib/recommendations/recommendations");
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM organization ORDER BY id`);
    for (const org of rows) {
      await computeRecommendations(org.id).catch((error: unknown) => logger.error({ err: error, orgId: org.id }, "recommendations failed"));
    }
  });
  await instance.schedule(QUEUES.recommendations, "15 2 * * *", {}, { tz: "UTC" });
  await instance.schedule(QUEUES.alerts, "*/10 * * * *", {}, { tz: "UTC" });
  await instance.schedule(QUEUES.deliver, "* * * * *", {}, { tz: "UTC" });
  // Every five minutes: due incremental syncs (hourly per connection), backfills to continue, dead runs to fail.
  await instance.schedule(QUEUES.plan, "*/5 * * * *", {}, { tz: "UTC" });
  // And once now, so a restart resumes interrupted backfills without waiting, and alerts of data imported while
  // the app was down (the CLI's imports, the demo's seed) show at once.
  await instance.send(QUEUES.plan, {});
  await instance.send(QUEUES.alerts, {});
  logger.info({ queues: Object.values(QUEUES) }, "job workers started");
}

export async function stopJobs(): Promise<void> {
  if (!booting) return;
  const instance = await booting;
  booting = null;
  await instance.stop({ graceful: true, timeout: 10_000 });
}

export const jobsMode = () => env.TOKENLEDGER_JOBS;
