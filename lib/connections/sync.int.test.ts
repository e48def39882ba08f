import { spawn } from "node:child_process";
import path from "node:path";
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RetryPolicy } from "@/lib/connections/http";
import { createConnection, deleteConnection, syncConnection, updateConnection } from "@/lib/connections/mutations";
import { getConnection, listConnections } from "@/lib/connections/queries";
import { planSyncs, runSync } from "@/lib/connections/sync";
import { encryptSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { startFakeAnthropic, type FakeAnthropic } from "@/test/fake-providers/anthropic-admin";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/fake-providers/openai-admin";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { assertRollupsMatchFacts } from "@/test/ledger";

// Syncs against loopback servers that speak the providers' documented admin APIs, with real pagination, 429s
// with Retry-After, 500s, a hung request and revised buckets. The ledger must equal what the server holds, to the
// cent, after every sync.

const FAST: RetryPolicy = { timeoutMs: 800, maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50 };
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
/** Runs queued syncs here and now, as a job worker would. */
const foreground = async (runId: string) => runSync(runId, { pool, policy: FAST });

type Ledger = { uncached: number; cacheRead: number; write5m: number; write1h: number; output: number; billed: string; units: Record<string, string> };

async function ledger(orgId: string, provider: string): Promise<Ledger> {
  const { rows } = await pool.query<{ uncached: string; read: string; w5: string; w1: string; output: string; billed: string }>(
    `SELECT coalesce(sum("uncachedInputTokens"), 0)::text AS uncached, coalesce(sum("cacheReadInputTokens"), 0)::text AS read,
       coalesce(sum("cacheWrite5mInputTokens"), 0)::text AS w5, coalesce(sum("cacheWrite1hInputTokens"), 0)::text AS w1,
       coalesce(sum("outputTokens"), 0)::text AS output, coalesce(sum("billedCost"), 0)::text AS billed
     FROM usage_record WHERE "orgId" = $1 AND provider = $2`,
    [orgId, provider],
  );
  const { rows: units } = await pool.query<{ unit: string; total: string }>(
    `SELECT "otherUnit" AS unit, sum("otherUnits")::text AS total FROM usage_record WHERE "orgId" = $1 AND provider = $2 AND "otherUnit" IS NOT NULL GROUP BY 1`,
    [orgId, provider],
  );
  const row = rows[0]!;
  return {
    uncached: Number(row.uncached),
    cacheRead: Number(row.read),
    write5m: Number(row.w5),
    write1h: Number(row.w1),
    output: Number(row.output),
    billed: new Decimal(row.billed).toFixed(),
    units: Object.fromEntries(units.map((unit) => [unit.unit, new Decimal(unit.total).toFixed()])),
  };
}

function expectOpenAiLedger(actual: Ledger, fake: FakeOpenAI, from: string, to: string) {
  const totals = fake.totals({ from, to });
  expect(actual).toEqual({
    uncached: totals.completions.uncachedInput + totals.embeddingsInputTokens + totals.moderationsInputTokens,
    cacheRead: totals.completions.cacheRead,
    write5m: totals.completions.cacheWrite,
    write1h: 0,
    output: totals.completions.output,
    billed: new Decimal(totals.costs.USD ?? "0").toFixed(),
    units: Object.fromEntries(
      [
        ["images", totals.images],
        ["characters", totals.characters],
        ["seconds", totals.seconds],
      ]
        .filter(([, value]) => Number(value) > 0)
        .map(([unit, value]) => [unit, String(value)]),
    ),
  });
}

describe("OpenAI admin API sync", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => fake.close());

  it("backfills through 429s (Retry-After honored), 500s and a hung request, to the cent; a revised bucket is replaced, not added", async () => {
    const { org, actors } = await createOrgWithPeople();
    const start = day(-39);
    fake.seed({ startDay: start, days: 40, seed: 11 });
    const log = fake.requests.length;
    fake.faults.failWhen(({ index }) => (index === log + 3 ? "429" : index === log + 8 ? "500" : index === log + 13 ? "hang" : null));
    const started = Date.now();
    // One 40-day window: more buckets than a page holds (31), so every endpoint is read in two pages.
    const connection = await createConnection(
      actors.admin,
      { provider: "openai", name: "OpenAI prod", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: start },
      { enqueue: (runId) => runSync(runId, { pool, policy: FAST, windowDays: 45 }) },
    );
    fake.faults.clear();
    // The 429 asked for a one-second wait.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const after = await getConnection(actors.finance, connection.id);
    expect(after).toMatchObject({ status: "active", backfill: { done: true, progress: 1 }, lastSyncStatus: "completed", keyHint: "sk-…" });
    expect(JSON.stringify(after)).not.toContain(fake.adminKey);
    const [backfill] = after.runs;
    expect(backfill).toMatchObject({ trigger: "backfill", status: "completed", windowsTotal: 1, windowsDone: 1, error: null });
    expect(backfill!.retries).toBe(3);
    expect(after.records).toBeGreaterThan(0);
    expectOpenAiLedger(await ledger(org.id, "openai"), fake, start, day(0));
    // Every endpoint's second page was read (has_more followed to the end).
    expect(fake.requests.filter((request) => request.query.includes("page=") && request.status === 200).length).toBe(7);

    // The provider revises yesterday (more output, a higher charge) and drops a cost line of the day before.
    fake.revise(day(-1), {
      completions: (fact) => ({ ...fact, output_tokens: fact.output_tokens + 1000 }),
      costs: (fact) => ({ ...fact, amount: new Decimal(fact.amount).plus("0.25").toFixed() }),
    });
    let dropped = false;
    fake.revise(day(-2), { costs: (fact) => (dropped ? fact : ((dropped = true), null)) });
    const { jobId } = await syncConnection(actors.admin, connection.id, {}, { enqueue: foreground });
    expect((await db.jobRun.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("completed");
    expectOpenAiLedger(await ledger(org.id, "openai"), fake, start, day(0));
    // And again, unchanged: nothing doubles.
    await syncConnection(actors.admin, connection.id, { from: start }, { enqueue: foreground });
    expectOpenAiLedger(await ledger(org.id, "openai"), fake, start, day(0));
    await assertRollupsMatchFacts(org.id);
  }, 60_000);

  it("refuses a bad key on save and stores nothing; a key revoked later marks the connection failing, once, until replaced", async () => {
    const { org, actors } = await createOrgWithPeople();
    fake.seed({ startDay: day(-3), days: 4 });
    const bad = await createConnection(actors.admin, { provider: "openai", name: "Bad", adminKey: "sk-admin-not-a-real-key", baseUrl: fake.url }, { enqueue: foreground }).catch(
      (error: unknown) => error,
    );
    expect(bad).toBeInstanceOf(AppError);
    expect(bad).toMatchObject({ code: "validation_failed", details: { fieldErrors: { adminKey: [expect.stringContaining("refused")] } } });
    // OpenAI echoes the key it refuses; the message keeps only its mask.
    expect((bad as AppError).message).toContain("Incorrect API key provided: sk-…-key.");
    expect(JSON.stringify(bad)).not.toContain("sk-admin-not-a-real-key");
    expect(await errorCode(createConnection(actors.admin, { provider: "openai", name: "Forbidden", adminKey: fake.forbiddenKey, baseUrl: fake.url }))).toBe("validation_failed");
    expect(await db.providerConnection.count({ where: { orgId: org.id } })).toBe(0);
    expect(await errorCode(createConnection(actors.finance, { provider: "openai", name: "X", adminKey: fake.adminKey, baseUrl: fake.url }))).toBe("forbidden");

    const connection = await createConnection(actors.admin, { provider: "openai", name: "Good", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: day(-3) }, { enqueue: foreground });
    // The key is revoked at OpenAI.
    await db.providerConnection.update({ where: { id: connection.id }, data: { keyCiphertext: encryptSecret("sk-admin-revoked-key-000") } });
    const requestsBefore = fake.requests.length;
    await syncConnection(actors.admin, connection.id, {}, { enqueue: foreground });
    // 401 is not retried.
    expect(fake.requests.length - requestsBefore).toBe(1);
    const failing = await getConnection(actors.admin, connection.id);
    expect(failing).toMatchObject({ status: "failing", statusMessage: expect.stringContaining("OpenAI refused the admin key") });
    expect(failing.runs[0]).toMatchObject({ status: "failed", error: expect.stringContaining("401") });
    expect(JSON.stringify(failing)).not.toContain("sk-admin-revoked-key-000");
    expect(failing.runs[0]!.error).toContain("sk-…-000");
    // Nothing more is tried until the key is replaced.
    expect(await planSyncs(pool, { orgId: org.id })).toEqual([]);
    expect(await errorCode(syncConnection(actors.admin, connection.id, {}, { enqueue: foreground }))).toBe("conflict");
    expect(await errorCode(updateConnection(actors.admin, connection.id, { adminKey: "sk-admin-still-wrong-1" }))).toBe("validation_failed");
    await updateConnection(actors.admin, connection.id, { adminKey: fake.adminKey });
    expect((await getConnection(actors.admin, connection.id)).status).toBe("active");
    const planned = await planSyncs(pool, { orgId: org.id });
    expect(planned).toHaveLength(1);
    await foreground(planned[0]!);
    expect((await getConnection(actors.admin, connection.id)).lastSyncStatus).toBe("completed");
  }, 30_000);

  it("keeps connections to their organization", async () => {
    const { actors } = await createOrgWithPeople();
    fake.seed({ startDay: day(-1), days: 2 });
    const connection = await createConnection(actors.admin, { provider: "openai", name: "Mine", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: day(-1) }, { enqueue: foreground });
    const other = await createOrgWithPeople();
    expect(await listConnections(other.actors.admin)).toEqual([]);
    expect(await errorCode(getConnection(other.actors.admin, connection.id))).toBe("not_found");
    expect(await errorCode(syncConnection(other.actors.admin, connection.id, {}))).toBe("not_found");
    expect(await errorCode(deleteConnection(other.actors.admin, connection.id))).toBe("not_found");
    expect(await errorCode(deleteConnection(actors.finance, connection.id))).toBe("forbidden");
    expect(await errorCode(listConnections(actors.manager))).toBe("forbidden");
    await deleteConnection(actors.admin, connection.id);
    expect(await listConnections(actors.admin)).toEqual([]);
  });

  it("resumes a killed backfill from its last completed window, without gaps or doubles", async () => {
    const { org, actors } = await createOrgWithPeople();
    const start = day(-29);
    fake.seed({ startDay: start, days: 30, seed: 5 });
    const connection = await createConnection(actors.admin, { provider: "openai", name: "Killed", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: start }, { enqueue: async () => {} });
    const run = await db.jobRun.findFirstOrThrow({ where: { connectionId: connection.id } });
    // The third window never answers: the worker is stuck in it when it is killed.
    const third = Math.floor(new Date(`${start}T00:00:00Z`).getTime() / 1000) + 14 * 86_400;
    fake.faults.failWhen(({ query }) => (Number(query.get("start_time")) >= third ? "hang" : null));
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/cli.ts", "sync:run", "--run", run.id], {
      cwd: root,
      // The child is the CLI: it needs this process's whole environment (database, secrets), as scripts/ tests pass it.
      // eslint-disable-next-line no-restricted-properties
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    try {
      for (let waited = 0; ; waited += 200) {
        const current = await db.jobRun.findUniqueOrThrow({ where: { id: run.id } });
        if (current.windowsDone >= 2 && fake.requests.some((request) => request.status === null)) break;
        if (waited > 30_000) throw new Error(`the sync did not reach its third window (${current.status}, ${current.windowsDone} windows)`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    fake.faults.clear();
    // Two windows (14 days) are in, nothing of the third.
    expectOpenAiLedger(await ledger(org.id, "openai"), fake, start, day(-16));
    expect((await db.providerConnection.findUniqueOrThrow({ where: { id: connection.id } })).backfillCursor?.toISOString().slice(0, 10)).toBe(day(-15));

    // Later (the run's heartbeat is stale): the planner fails the dead run and continues the backfill.
    const planned = await planSyncs(pool, { orgId: org.id, now: new Date(Date.now() + 16 * 60 * 1000) });
    expect((await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("failed");
    expect(planned).toHaveLength(1);
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: planned[0]! } })).toMatchObject({ trigger: "backfill" });
    await foreground(planned[0]!);
    expectOpenAiLedger(await ledger(org.id, "openai"), fake, start, day(0));
    expect((await getConnection(actors.admin, connection.id)).backfill.done).toBe(true);
    await assertRollupsMatchFacts(org.id);
  }, 60_000);
});

describe("Anthropic admin API sync", () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(async () => fake.close());

  it("imports the messages report (tokens), the cost report (cents) and the Claude Code report, to the cent", async () => {
    const { org, actors } = await createOrgWithPeople();
    const start = day(-20);
    fake.seed({ startDay: start, days: 21, seed: 3 });
    // The key check meets a 429 and tries again after the Retry-After.
    fake.faults.failNext(1, "429");
    const connection = await createConnection(actors.admin, { provider: "anthropic", name: "Anthropic", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: start }, { enqueue: foreground });
    const totals = fake.totals({ from: start, to: day(0) });
    expect(totals.messages.output).toBeGreaterThan(0);
    expect(totals.claudeCode.input).toBeGreaterThan(0);
    const actual = await ledger(org.id, "anthropic");
    expect(actual).toMatchObject({
      uncached: totals.messages.uncachedInput,
      cacheRead: totals.messages.cacheRead,
      write5m: totals.messages.cacheWrite5m,
      write1h: totals.messages.cacheWrite1h,
      output: totals.messages.output,
      billed: new Decimal(totals.costUsd).toFixed(),
    });
    expect(actual.units.web_search_requests ?? "0").toBe(String(totals.messages.webSearches));
    const { rows } = await pool.query<{ input: string; output: string; read: string; write: string; cost: string }>(
      `SELECT sum("inputTokens")::text AS input, sum("outputTokens")::text AS output, sum("cacheReadTokens")::text AS read,
         sum("cacheWriteTokens")::text AS write, sum("estimatedCost")::text AS cost FROM claude_code_usage WHERE "connectionId" = $1`,
      [connection.id],
    );
    expect({ input: Number(rows[0]!.input), output: Number(rows[0]!.output), cacheRead: Number(rows[0]!.read), cacheCreation: Number(rows[0]!.write), costUsd: new Decimal(rows[0]!.cost).toFixed() }).toEqual({
      ...totals.claudeCode,
      costUsd: new Decimal(totals.claudeCode.costUsd).toFixed(),
    });
    // Usage is priced from the catalog; the cost report is what was billed.
    const { rows: priced } = await pool.query<{ unpriced: string; estimated: string }>(
      `SELECT count(*) FILTER (WHERE unpriced)::text AS unpriced, coalesce(sum("estimatedCost"), 0)::text AS estimated FROM usage_record WHERE "orgId" = $1`,
      [org.id],
    );
    expect(Number(priced[0]!.estimated)).toBeGreaterThan(0);
    await syncConnection(actors.admin, connection.id, { from: start }, { enqueue: foreground });
    expect(await ledger(org.id, "anthropic")).toEqual(actual);
    await assertRollupsMatchFacts(org.id);
  }, 60_000);
});

describe("the job queue", () => {
  it("runs a queued sync through pg-boss, as the app process does", async () => {
    const fake = await startFakeOpenAI();
    const { startJobWorkers, stopJobs } = await import("@/lib/jobs/runtime");
    try {
      await startJobWorkers({ plan: false });
      const { org, actors } = await createOrgWithPeople();
      fake.seed({ startDay: day(-6), days: 7 });
      const connection = await createConnection(actors.admin, { provider: "openai", name: "Queued", adminKey: fake.adminKey, baseUrl: fake.url, backfillFrom: day(-6) });
      for (let waited = 0; ; waited += 250) {
        const current = await getConnection(actors.admin, connection.id);
        if (current.runs[0]?.status === "completed") break;
        if (current.runs[0]?.status === "failed") throw new Error(current.runs[0].error ?? "failed");
        if (waited > 20_000) throw new Error("the queued sync did not run");
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expectOpenAiLedger(await ledger(org.id, "openai"), fake, day(-6), day(0));
    } finally {
      await stopJobs();
      await fake.close();
    }
  }, 40_000);
});
