import type { Pool, PoolClient } from "pg";
import { decryptSecret } from "@/lib/crypto/secrets";
import { DEFAULT_POLICY, ProviderAuthError, type RequestStats, type RetryPolicy } from "@/lib/connections/http";
import { providerClient, type ClaudeCodeRecord, type ConnectionProvider, type WindowData } from "@/lib/connections/providers";
import { lockOrganizationLedger, rebuildRollups, refreshStatistics } from "@/lib/ingest/ledger-sql";
import { ingestInTransaction } from "@/lib/ingest/pipeline";
import { logger } from "@/lib/log";
import { loadPricer } from "@/lib/pricing/load-pricer";
import { loadAttribution } from "@/lib/attribution/load";

// A sync run: the days from its cursor to its end, in windows. Each window is fetched whole (every endpoint, every
// page), then written in one transaction that first removes what this connection wrote for those days (so a
// bucket the provider revised or dropped is replaced, never added to), then imports the rows through the ingest
// pipeline, and moves the run's cursor and the connection's progress. A killed run loses at most the window in
// flight; the next run starts from the cursor. The same function runs in the app process or in `npm run worker`.

const DAY_MS = 86_400_000;
/** Days per window: a week keeps a transaction small and a backfill's progress visible. */
export const WINDOW_DAYS = 7;
/** A running run whose heartbeat is older than this died with its process. */
export const STALE_RUN_MS = 15 * 60 * 1000;

export type SyncOptions = { pool: Pool; policy?: RetryPolicy; now?: () => Date; windowDays?: number };

type RunRow = {
  id: string;
  orgId: string;
  connectionId: string;
  trigger: string;
  fromDay: string;
  toDay: string;
  cursorDay: string | null;
};

type ConnectionRow = {
  id: string;
  orgId: string;
  provider: ConnectionProvider;
  name: string;
  keyCiphertext: string;
  baseUrl: string | null;
  status: string;
  timeZone: string;
};

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function windowsOf(from: string, toInclusive: string, size = WINDOW_DAYS): { from: Date; to: Date }[] {
  const windows: { from: Date; to: Date }[] = [];
  const end = dayDate(toInclusive).getTime() + DAY_MS;
  for (let start = dayDate(from).getTime(); start < end; start += size * DAY_MS) {
    windows.push({ from: new Date(start), to: new Date(Math.min(end, start + size * DAY_MS)) });
  }
  return windows;
}

class SyncDataError extends Error {}

/** Runs one queued run to its end. Idempotent: a run that is not queued (done, failed, running elsewhere) is left alone. */
export async function runSync(runId: string, options: SyncOptions): Promise<void> {
  const { pool } = options;
  const now = options.now ?? (() => new Date());
  const { rows: claimed } = await pool.query<RunRow>(
    `UPDATE job_run SET status = 'running', "startedAt" = coalesce("startedAt", now()), "heartbeatAt" = now()
     WHERE id = $1 AND status = 'queued' AND kind = 'connection.sync'
     RETURNING id, "orgId", "connectionId", trigger, to_char("fromDay", 'YYYY-MM-DD') AS "fromDay", to_char("toDay", 'YYYY-MM-DD') AS "toDay",
       to_char("cursorDay", 'YYYY-MM-DD') AS "cursorDay"`,
    [runId],
  );
  const run = claimed[0];
  if (!run) return;
  const { rows: connections } = await pool.query<ConnectionRow>(
    `SELECT c.id, c."orgId", c.provider, c.name, c."keyCiphertext", c."baseUrl", c.status, o."timeZone"
     FROM provider_connection c JOIN organization o ON o.id = c."orgId" WHERE c.id = $1`,
    [run.connectionId],
  );
  const connection = connections[0];
  const stats: RequestStats = { requests: 0, retries: 0 };
  // Alive while it runs, however long a window takes (retries can wait minutes): planSyncs fails only dead runs.
  const heartbeat = setInterval(() => {
    pool.query(`UPDATE job_run SET "heartbeatAt" = now(), requests = $2, retries = $3 WHERE id = $1`, [run.id, stats.requests, stats.retries]).catch(() => {});
  }, 30_000);
  try {
    if (!connection) throw new SyncDataError("The connection was deleted.");
    if (connection.status === "failing") throw new SyncDataError("The connection is failing: replace its admin key first.");
    const client = providerClient(connection.provider, {
      baseUrl: connection.baseUrl,
      key: decryptSecret(connection.keyCiphertext),
      policy: options.policy ?? DEFAULT_POLICY,
      stats,
    });
    const windows = windowsOf(run.cursorDay ?? run.fromDay, run.toDay, options.windowDays);
    await pool.query(`UPDATE job_run SET "windowsTotal" = "windowsDone" + $2 WHERE id = $1`, [run.id, windows.length]);
    for (const window of windows) {
      const data = await client.fetchWindow(window.from, window.to);
      await writeWindow(pool, run, connection, window, data, stats);
    }
    await pool.query(`UPDATE job_run SET status = 'completed', "finishedAt" = now(), requests = $2, retries = $3 WHERE id = $1`, [run.id, stats.requests, stats.retries]);
    const { rows: written } = await pool.query<{ records: number }>(`SELECT records FROM job_run WHERE id = $1`, [run.id]);
    await refreshStatistics(pool, written[0]?.records ?? 0);
    await refreshCoverage(pool, connection.orgId, connection.id);
    await pool.query(
      `UPDATE provider_connection SET "lastSyncAt" = now(), "lastSyncStatus" = 'completed', "lastSyncMessage" = NULL,
         "backfillCursor" = CASE WHEN $2 = 'backfill' THEN NULL ELSE "backfillCursor" END,
         "nextSyncAt" = coalesce("nextSyncAt", $3), "updatedAt" = now()
       WHERE id = $1`,
      [connection.id, run.trigger, new Date(now().getTime() + 60 * 60 * 1000)],
    );
  } catch (error) {
    const auth = error instanceof ProviderAuthError;
    const provider = connection?.provider === "anthropic" ? "Anthropic" : "OpenAI";
    const message = auth
      ? `${provider} refused the admin key (${error.message}). Replace the key to resume syncing.`
      : error instanceof Error
        ? error.message
        : String(error);
    if (!(error instanceof SyncDataError) && !auth) logger.warn({ err: error, runId, connectionId: run.connectionId }, "sync failed");
    await pool.query(`UPDATE job_run SET status = 'failed', "finishedAt" = now(), error = $2, requests = $3, retries = $4 WHERE id = $1`, [
      run.id,
      message,
      stats.requests,
      stats.retries,
    ]);
    if (connection) {
      await pool.query(
        `UPDATE provider_connection SET "lastSyncAt" = now(), "lastSyncStatus" = 'failed', "lastSyncMessage" = $2,
           status = CASE WHEN $3 THEN 'failing' ELSE status END, "statusMessage" = CASE WHEN $3 THEN $2 ELSE "statusMessage" END,
           "updatedAt" = now()
         WHERE id = $1`,
        [connection.id, message, auth],
      );
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/** One window in one transaction: out with what this connection wrote for those days, in with what it says now. */
async function writeWindow(pool: Pool, run: RunRow, connection: ConnectionRow, window: { from: Date; to: Date }, data: WindowData, stats: RequestStats) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockOrganizationLedger(client, connection.orgId);
    const { rows: removed } = await client.query<{ day: string }>(
      `WITH gone AS (
         DELETE FROM usage_record WHERE "orgId" = $1 AND "connectionId" = $2 AND "periodStart" >= $3 AND "periodStart" < $4 RETURNING "usageDate"
       ) SELECT DISTINCT to_char("usageDate", 'YYYY-MM-DD') AS day FROM gone`,
      [connection.orgId, connection.id, window.from, window.to],
    );
    if (removed.length) await rebuildRollups(client, connection.orgId, removed.map((row) => row.day));
    const price = await loadPricer(client, connection.orgId);
    const attribute = await loadAttribution(client, connection.orgId);
    let records = 0;
    for (const input of data.inputs) {
      const result = await ingestInTransaction(client, {
        pool,
        orgId: connection.orgId,
        timeZone: connection.timeZone,
        openRows: () => input.rows,
        format: input.format,
        mode: "strict",
        source: { kind: "CONNECTION", uploadId: null, connectionId: connection.id, ref: `${input.label} ${isoDay(window.from)}` },
        teams: new Map(),
        workflows: new Map(),
        price,
        attribute,
      });
      if (result.status !== "completed") {
        const first = result.errors[0];
        const where = first ? ` (result ${first.rowNumber ?? "?"}${first.column ? `, ${first.column}` : ""}${first.value ? ` "${first.value}"` : ""}: ${first.reason})` : "";
        throw new SyncDataError(`${input.label} for ${isoDay(window.from)} to ${isoDay(new Date(window.to.getTime() - DAY_MS))} could not be imported: ${result.message ?? "invalid data"}${where}`);
      }
      records += result.recordsWritten;
    }
    await writeClaudeCode(client, connection, window, data.claudeCode);
    await client.query(
      `UPDATE job_run SET "cursorDay" = $2, "windowsDone" = "windowsDone" + 1, records = records + $3, requests = $4, retries = $5, "heartbeatAt" = now()
       WHERE id = $1`,
      [run.id, isoDay(window.to), records, stats.requests, stats.retries],
    );
    await client.query(
      `UPDATE provider_connection SET "syncedThrough" = greatest("syncedThrough", $2::date),
         "backfillCursor" = CASE WHEN $3 = 'backfill' THEN $4::date ELSE "backfillCursor" END, "updatedAt" = now()
       WHERE id = $1`,
      [connection.id, isoDay(new Date(window.to.getTime() - DAY_MS)), run.trigger, isoDay(window.to)],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function writeClaudeCode(client: PoolClient, connection: ConnectionRow, window: { from: Date; to: Date }, records: readonly ClaudeCodeRecord[]) {
  await client.query(`DELETE FROM claude_code_usage WHERE "connectionId" = $1 AND day >= $2 AND day < $3`, [connection.id, isoDay(window.from), isoDay(window.to)]);
  if (records.length === 0) return;
  const column = <K extends keyof ClaudeCodeRecord>(key: K) => records.map((record) => record[key]);
  await client.query(
    `INSERT INTO claude_code_usage ("orgId", "connectionId", day, actor, "actorType", "customerType", "terminalType", "isRemote", model, sessions,
       "linesAdded", "linesRemoved", commits, "pullRequests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "estimatedCost")
     SELECT $1, $2, * FROM unnest($3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::int[], $11::int[],
       $12::int[], $13::int[], $14::int[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::numeric[])
     ON CONFLICT ("orgId", "connectionId", day, actor, "terminalType", "isRemote", model) DO UPDATE SET
       sessions = claude_code_usage.sessions + EXCLUDED.sessions, "linesAdded" = claude_code_usage."linesAdded" + EXCLUDED."linesAdded",
       "linesRemoved" = claude_code_usage."linesRemoved" + EXCLUDED."linesRemoved", commits = claude_code_usage.commits + EXCLUDED.commits,
       "pullRequests" = claude_code_usage."pullRequests" + EXCLUDED."pullRequests", "inputTokens" = claude_code_usage."inputTokens" + EXCLUDED."inputTokens",
       "outputTokens" = claude_code_usage."outputTokens" + EXCLUDED."outputTokens", "cacheReadTokens" = claude_code_usage."cacheReadTokens" + EXCLUDED."cacheReadTokens",
       "cacheWriteTokens" = claude_code_usage."cacheWriteTokens" + EXCLUDED."cacheWriteTokens", "estimatedCost" = claude_code_usage."estimatedCost" + EXCLUDED."estimatedCost"`,
    [
      connection.orgId,
      connection.id,
      column("day"),
      column("actor"),
      column("actorType"),
      column("customerType"),
      column("terminalType"),
      column("isRemote"),
      column("model"),
      column("sessions"),
      column("linesAdded"),
      column("linesRemoved"),
      column("commits"),
      column("pullRequests"),
      column("inputTokens"),
      column("outputTokens"),
      column("cacheReadTokens"),
      column("cacheWriteTokens"),
      column("estimatedCost"),
    ],
  );
}

/**
 * The hourly duty: fail runs whose process died (their last window rolled back), then give every active
 * connection what it needs: the rest of its backfill, or the next incremental sync (from the last synced day or
 * the trailing window, whichever is earlier, to today). Returns the runs it queued.
 */
export async function planSyncs(pool: Pool, options: { now?: Date; orgId?: string } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const orgId = options.orgId ?? null;
  await pool.query(
    `UPDATE job_run SET status = 'failed', "finishedAt" = now(),
       error = 'Interrupted when the process running it stopped; the next run continues from its last completed window.'
     WHERE kind = 'connection.sync' AND status = 'running' AND coalesce("heartbeatAt", "startedAt") < $1 AND ($2::text IS NULL OR "orgId" = $2)`,
    [new Date(now.getTime() - STALE_RUN_MS), orgId],
  );
  const { rows } = await pool.query<{ id: string; backfillCursor: string | null; trailingDays: number; syncedThrough: string | null; due: boolean }>(
    `SELECT c.id, to_char(c."backfillCursor", 'YYYY-MM-DD') AS "backfillCursor", c."trailingDays",
       to_char(c."syncedThrough", 'YYYY-MM-DD') AS "syncedThrough", (c."nextSyncAt" IS NULL OR c."nextSyncAt" <= $1) AS due
     FROM provider_connection c
     WHERE c.status = 'active' AND ($2::text IS NULL OR c."orgId" = $2)
       AND NOT EXISTS (SELECT 1 FROM job_run r WHERE r."connectionId" = c.id AND r.status IN ('queued', 'running'))`,
    [now, orgId],
  );
  const today = isoDay(now);
  const queued: string[] = [];
  for (const connection of rows) {
    let from: string;
    let trigger: string;
    if (connection.backfillCursor) {
      if (connection.backfillCursor > today) continue;
      from = connection.backfillCursor;
      trigger = "backfill";
    } else if (connection.due) {
      const trailing = isoDay(new Date(dayDate(today).getTime() - connection.trailingDays * DAY_MS));
      from = connection.syncedThrough && connection.syncedThrough < trailing ? connection.syncedThrough : trailing;
      trigger = "schedule";
      await pool.query(`UPDATE provider_connection SET "nextSyncAt" = $2 WHERE id = $1`, [connection.id, new Date(now.getTime() + 60 * 60 * 1000)]);
    } else continue;
    const id = await createRun(pool, connection.id, { trigger, from, to: today });
    if (id) queued.push(id);
  }
  return queued;
}

/**
 * A queued run for a connection, unless one is already queued or running (then null): the connection's row lock
 * makes two requests at once create one run.
 */
export async function createRun(pool: Pool, connectionId: string, options: { trigger: string; from: string; to: string; createdById?: string | null }): Promise<string | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ orgId: string }>(`SELECT "orgId" FROM provider_connection WHERE id = $1 FOR UPDATE`, [connectionId]);
    const connection = rows[0];
    const { rowCount } = connection
      ? await client.query(`SELECT 1 FROM job_run WHERE "connectionId" = $1 AND status IN ('queued', 'running')`, [connectionId])
      : { rowCount: 1 };
    if (!connection || rowCount) {
      await client.query("ROLLBACK");
      return null;
    }
    const { rows: created } = await client.query<{ id: string }>(
      `INSERT INTO job_run (id, "orgId", kind, "connectionId", trigger, "fromDay", "toDay", "windowsTotal", "createdById")
       VALUES (gen_random_uuid()::text, $1, 'connection.sync', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [connection.orgId, connectionId, options.trigger, options.from, options.to, windowsOf(options.from, options.to).length, options.createdById ?? null],
    );
    await client.query("COMMIT");
    return created[0]!.id;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The records a connection wrote and the days they cover, kept on the connection for its page. */
export async function refreshCoverage(pool: Pool, orgId: string, connectionId: string): Promise<void> {
  await pool.query(
    `UPDATE provider_connection c SET records = s.records, "coverageFrom" = s.first, "coverageTo" = s.last
     FROM (SELECT count(*)::int AS records, min("usageDate") AS first, max("usageDate") AS last
           FROM usage_record WHERE "orgId" = $1 AND "connectionId" = $2) s
     WHERE c.id = $2`,
    [orgId, connectionId],
  );
}
