import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize, mayAtAll } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { canonicalDecimal } from "@/lib/spend/queries";
import type { ClaudeCodeSummary, ConnectionView, RunView } from "@/lib/connections/schemas";

const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));
const DAY_MS = 86_400_000;

type ConnectionRecord = Awaited<ReturnType<typeof db.providerConnection.findFirstOrThrow>>;
type RunRecord = Awaited<ReturnType<typeof db.jobRun.findFirstOrThrow>>;

export function toRunView(run: RunRecord): RunView {
  return {
    id: run.id,
    trigger: run.trigger as RunView["trigger"],
    status: run.status as RunView["status"],
    from: day(run.fromDay),
    to: day(run.toDay),
    cursor: day(run.cursorDay),
    windowsTotal: run.windowsTotal,
    windowsDone: run.windowsDone,
    records: run.records,
    requests: run.requests,
    retries: run.retries,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** What people may see of a connection: never the key, only its hint. */
export function toConnectionView(connection: ConnectionRecord, activeRun: RunRecord | null, now = new Date()): ConnectionView {
  const from = connection.backfillFrom.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const cursor = connection.backfillCursor?.getTime() ?? null;
  const span = Math.max(DAY_MS, today - from);
  return {
    id: connection.id,
    provider: connection.provider as ConnectionView["provider"],
    name: connection.name,
    keyHint: connection.keyHint,
    baseUrl: connection.baseUrl,
    status: connection.status as ConnectionView["status"],
    statusMessage: connection.statusMessage,
    backfillFrom: day(connection.backfillFrom)!,
    backfill: {
      done: cursor === null,
      through: cursor === null ? day(connection.syncedThrough) : cursor > from ? day(new Date(cursor - DAY_MS)) : null,
      progress: cursor === null ? 1 : Math.min(1, Math.max(0, (cursor - from) / span)),
    },
    trailingDays: connection.trailingDays,
    lastSyncAt: connection.lastSyncAt?.toISOString() ?? null,
    lastSyncStatus: connection.lastSyncStatus,
    lastSyncMessage: connection.lastSyncMessage,
    nextSyncAt: connection.nextSyncAt?.toISOString() ?? null,
    records: connection.records,
    coverage: connection.coverageFrom && connection.coverageTo ? { from: day(connection.coverageFrom)!, to: day(connection.coverageTo)! } : null,
    activeRun: activeRun ? toRunView(activeRun) : null,
    createdAt: connection.createdAt.toISOString(),
  };
}

async function activeRuns(connectionIds: string[]): Promise<Map<string, RunRecord>> {
  if (connectionIds.length === 0) return new Map();
  const runs = await db.jobRun.findMany({ where: { connectionId: { in: connectionIds }, status: { in: ["queued", "running"] } }, orderBy: { createdAt: "desc" } });
  return new Map(runs.map((run) => [run.connectionId!, run]));
}

export async function listConnections(actor: Actor): Promise<ConnectionView[]> {
  authorize(actor, "connections:read");
  const connections = await db.providerConnection.findMany({ where: { orgId: actor.org.id }, orderBy: { createdAt: "asc" } });
  const active = await activeRuns(connections.map((connection) => connection.id));
  return connections.map((connection) => toConnectionView(connection, active.get(connection.id) ?? null));
}

export async function getConnection(actor: Actor, id: string): Promise<ConnectionView & { runs: RunView[] }> {
  authorize(actor, "connections:read");
  const connection = await db.providerConnection.findFirst({ where: { id, orgId: actor.org.id } });
  if (!connection) throw AppError.notFound("Connection");
  const runs = await db.jobRun.findMany({ where: { connectionId: id }, orderBy: { createdAt: "desc" }, take: 25 });
  const active = runs.find((run) => run.status === "queued" || run.status === "running") ?? null;
  return { ...toConnectionView(connection, active), runs: runs.map(toRunView) };
}

export async function getRun(actor: Actor, connectionId: string, runId: string): Promise<RunView> {
  authorize(actor, "connections:read");
  const run = await db.jobRun.findFirst({ where: { id: runId, connectionId, orgId: actor.org.id } });
  if (!run) throw AppError.notFound("Sync run");
  return toRunView(run);
}

/** Claude Code activity per person over the last `days` days (Anthropic connections). */
export async function claudeCodeSummary(actor: Actor, connectionId: string, days = 30): Promise<ClaudeCodeSummary[]> {
  authorize(actor, "connections:read");
  const { rows } = await pool.query<{ actor: string; sessions: string; added: string; removed: string; commits: string; prs: string; tokens: string; cost: string }>(
    `SELECT actor, sum(sessions)::text AS sessions, sum("linesAdded")::text AS added, sum("linesRemoved")::text AS removed,
       sum(commits)::text AS commits, sum("pullRequests")::text AS prs,
       sum("inputTokens" + "outputTokens" + "cacheReadTokens" + "cacheWriteTokens")::text AS tokens, sum("estimatedCost")::text AS cost
     FROM claude_code_usage WHERE "orgId" = $1 AND "connectionId" = $2 AND day >= current_date - $3::int
     GROUP BY actor ORDER BY sum("estimatedCost") DESC, actor LIMIT 100`,
    [actor.org.id, connectionId, days],
  );
  return rows.map((row) => ({
    actor: row.actor,
    sessions: Number(row.sessions),
    linesAdded: Number(row.added),
    linesRemoved: Number(row.removed),
    commits: Number(row.commits),
    pullRequests: Number(row.prs),
    tokens: Number(row.tokens),
    estimatedCost: canonicalDecimal(row.cost),
  }));
}

/** Failing connections, for the in-app notice (until alerts exist). */
export async function failingConnections(actor: Actor): Promise<{ id: string; name: string; message: string | null }[]> {
  if (!mayAtAll(actor, "connections:read")) return [];
  return db.providerConnection.findMany({ where: { orgId: actor.org.id, status: "failing" }, select: { id: true, name: true, statusMessage: true } }).then((rows) =>
    rows.map((row) => ({ id: row.id, name: row.name, message: row.statusMessage })),
  );
}
