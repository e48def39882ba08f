import type { PoolClient } from "pg";
import { decryptSecret } from "@/lib/crypto/secrets";
import { logger } from "@/lib/log";
import { DELIVERY_WINDOW_MS, nextAttemptDelay } from "@/lib/notifications/next-attempt-delay";
import { ChannelConfigSchema, type ChannelKind } from "@/lib/notifications/schemas";
import { absoluteLink, sendToChannel, type ChannelTarget, type NotificationMessage, type SendResult } from "@/lib/notifications/senders";
import { pool } from "@/lib/pg";

// Alert delivery: queue one alert_delivery row per (alert, channel), then send what is due. Not marked
// server-only: the job worker (plain Node) runs it. These are job functions, not caller-facing: they take ids
// the alert evaluation produced and check no permission (the channel settings are an admin's, checked when saved).
//
// Sending never holds a row lock: a worker claims due rows in one short statement (FOR UPDATE SKIP LOCKED, so two
// workers never claim the same row) and pushes their nextAttemptAt out by a lease; then it sends, outside any
// transaction, and settles each row. A worker that dies mid-send leaves the row to be claimed again when the lease
// ends, so a receiver may, rarely, see a delivery twice: X-TokenLedger-Delivery stays the same for that reason.

export { nextAttemptDelay } from "@/lib/notifications/next-attempt-delay";

/** Longer than a claimed batch can take to send (8 at a time, each at most ~10 s per step). */
const LEASE_MS = 5 * 60_000;
const PARALLEL_SENDS = 8;

/**
 * Queues the deliveries of these alerts: a budget's alert goes to the budget's channels (none while it is muted),
 * any other alert to the organization's channels that take organization alerts. Idempotent per (alert, channel).
 * Returns how many were queued.
 */
export async function queueDeliveries(alertIds: string[]): Promise<number> {
  if (alertIds.length === 0) return 0;
  const result = await pool.query(
    `INSERT INTO alert_delivery (id, "orgId", "alertId", "channelId", status, attempts, "nextAttemptAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, a."orgId", a.id, c.id, 'pending', 0, now(), now(), now()
     FROM alert a
     LEFT JOIN budget b ON b.id = a."budgetId"
     JOIN notification_channel c ON c."orgId" = a."orgId"
      AND CASE WHEN a."budgetId" IS NULL THEN c."organizationAlerts" ELSE NOT b.muted AND c.id = ANY(b."channelIds") END
     WHERE a.id = ANY($1::text[])
     ON CONFLICT ("alertId", "channelId") DO NOTHING`,
    [alertIds],
  );
  return result.rowCount ?? 0;
}

type DeliveryRow = {
  id: string;
  orgId: string;
  alertId: string | null;
  attempts: number;
  createdAt: Date;
  channelKind: ChannelKind;
  channelConfig: unknown;
  secretEncrypted: string;
  orgSlug: string;
  orgName: string;
  orgCurrency: string;
  kind: string | null;
  severity: string | null;
  title: string | null;
  message: string | null;
  figures: Record<string, string> | null;
  link: string | null;
  provider: string | null;
  model: string | null;
  threshold: number | null;
  periodFrom: string | null;
  periodTo: string | null;
  day: string | null;
  alertCreatedAt: Date | null;
  budgetId: string | null;
  budgetName: string | null;
  teamId: string | null;
  teamName: string | null;
  workflowId: string | null;
  workflowName: string | null;
};

async function loadDeliveries(ids: string[]): Promise<DeliveryRow[]> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT d.id, d."orgId", d."alertId", d.attempts, d."createdAt",
       c.kind AS "channelKind", c.config AS "channelConfig", c."secretEncrypted",
       o.slug AS "orgSlug", o.name AS "orgName", o.currency AS "orgCurrency",
       a.kind, a.severity, a.title, a.message, a.figures, a.link, a.provider, a.model, a.threshold,
       to_char(a."periodFrom", 'YYYY-MM-DD') AS "periodFrom", to_char(a."periodTo", 'YYYY-MM-DD') AS "periodTo",
       to_char(a.day, 'YYYY-MM-DD') AS day, a."createdAt" AS "alertCreatedAt",
       a."budgetId", b.name AS "budgetName", a."teamId", t.name AS "teamName", a."workflowId", w.name AS "workflowName"
     FROM alert_delivery d
     JOIN notification_channel c ON c.id = d."channelId"
     JOIN organization o ON o.id = d."orgId"
     LEFT JOIN alert a ON a.id = d."alertId"
     LEFT JOIN budget b ON b.id = a."budgetId"
     LEFT JOIN team t ON t.id = a."teamId"
     LEFT JOIN workflow w ON w.id = a."workflowId"
     WHERE d.id = ANY($1::text[])`,
    [ids],
  );
  return rows;
}

/** The channel's settings with its secret decrypted, for the sender only. */
function channelTarget(kind: ChannelKind, config: unknown, secretEncrypted: string): ChannelTarget {
  const settings = ChannelConfigSchema.parse(config ?? {});
  const secret = decryptSecret(secretEncrypted);
  switch (kind) {
    case "email":
      return { kind, smtpUrl: secret, from: settings.from ?? "", to: settings.to ?? [] };
    case "slack":
      return { kind, webhookUrl: secret };
    case "webhook":
      return { kind, url: settings.url ?? "", secret };
  }
}

const named = (id: string | null, name: string | null) => (id && name ? { id, name } : null);

function toMessage(row: DeliveryRow): NotificationMessage {
  const organization = { slug: row.orgSlug, name: row.orgName };
  if (!row.alertId) {
    return {
      id: row.id,
      type: "test",
      createdAt: row.createdAt.toISOString(),
      organization,
      alert: {
        id: null,
        kind: "test",
        severity: "info",
        title: "Test message from TokenLedger",
        message: `Alerts of ${row.orgName} reach this channel. The figures below are an example of how a budget alert shows them.`,
        figures: { actual: "812.40", amount: "1000.00", percent: "81.24", forecast: "1105.10", currency: row.orgCurrency },
        link: absoluteLink(row.orgSlug, "/settings/channels"),
        budget: null,
        team: null,
        workflow: null,
        provider: null,
        model: null,
        threshold: null,
        period: null,
        day: null,
        createdAt: row.createdAt.toISOString(),
      },
    };
  }
  return {
    id: row.id,
    type: "alert.fired",
    createdAt: row.createdAt.toISOString(),
    organization,
    alert: {
      id: row.alertId,
      kind: row.kind!,
      severity: row.severity!,
      title: row.title!,
      message: row.message!,
      figures: row.figures ?? {},
      link: absoluteLink(row.orgSlug, row.link),
      budget: named(row.budgetId, row.budgetName),
      team: named(row.teamId, row.teamName),
      workflow: named(row.workflowId, row.workflowName),
      provider: row.provider,
      model: row.model,
      threshold: row.threshold,
      period: row.periodFrom && row.periodTo ? { from: row.periodFrom, to: row.periodTo } : null,
      day: row.day,
      createdAt: row.alertCreatedAt!.toISOString(),
    },
  };
}

async function send(row: DeliveryRow): Promise<SendResult> {
  let target: ChannelTarget;
  try {
    target = channelTarget(row.channelKind, row.channelConfig, row.secretEncrypted);
  } catch (error) {
    return { ok: false, responseStatus: null, response: `The channel's secret could not be read: ${(error as Error).message}`, durationMs: 0 };
  }
  return sendToChannel(target, toMessage(row));
}

type Outcome = "delivered" | "retrying" | "failed";

/** Logs the attempt and moves the delivery on: delivered, retried after the backoff, or given up after a day. */
async function settle(row: DeliveryRow, attempt: number, result: SendResult, now: Date, retry: boolean): Promise<Outcome> {
  const next = new Date(now.getTime() + nextAttemptDelay(attempt));
  const outcome: Outcome = result.ok ? "delivered" : retry && next.getTime() - row.createdAt.getTime() <= DELIVERY_WINDOW_MS ? "retrying" : "failed";
  const error = result.ok ? null : `${result.responseStatus ?? "no answer"}: ${result.response ?? ""}`.slice(0, 2000);
  await withTransaction(async (client) => {
    await client.query(
      `INSERT INTO alert_delivery_attempt (id, "orgId", "deliveryId", attempt, ok, "responseStatus", response, "durationMs", "attemptedAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.orgId, row.id, attempt, result.ok, result.responseStatus, result.response, result.durationMs, now],
    );
    await client.query(
      `UPDATE alert_delivery SET status = $2, "nextAttemptAt" = $3, "lastError" = $4, "deliveredAt" = $5, "updatedAt" = now() WHERE id = $1`,
      [row.id, outcome === "retrying" ? "pending" : outcome, outcome === "retrying" ? next : null, error, result.ok ? now : null],
    );
  });
  return outcome;
}

async function withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Sends the deliveries that are due (of one organization, or all), at most `limit`. Each attempt is logged with
 * the receiver's answer; a failure is retried on the schedule of nextAttemptDelay until a day has passed.
 */
export async function deliverDue(options: { orgId?: string; now?: Date; limit?: number } = {}): Promise<{ delivered: number; retrying: number; failed: number }> {
  const now = options.now ?? new Date();
  const { rows: claimed } = await pool.query<{ id: string; attempts: number }>(
    `WITH due AS (
       SELECT id FROM alert_delivery
       WHERE status = 'pending' AND "nextAttemptAt" <= $1 AND ($2::text IS NULL OR "orgId" = $2)
       ORDER BY "nextAttemptAt" LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE alert_delivery d SET attempts = d.attempts + 1, "nextAttemptAt" = $4, "updatedAt" = now()
     FROM due WHERE d.id = due.id
     RETURNING d.id, d.attempts`,
    [now, options.orgId ?? null, options.limit ?? 50, new Date(now.getTime() + LEASE_MS)],
  );
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  if (claimed.length === 0) return counts;
  const rows = await loadDeliveries(claimed.map((row) => row.id));
  await eachLimited(rows, PARALLEL_SENDS, async (row) => {
    try {
      const outcome = await settle(row, row.attempts, await send(row), now, true);
      counts[outcome] += 1;
    } catch (error) {
      // The lease runs out and another run tries again.
      logger.error({ err: error, deliveryId: row.id }, "alert delivery could not be settled");
    }
  });
  return counts;
}

/**
 * The test button's path: one attempt of a delivery right now, not retried (the person who pressed it sees the
 * answer). The caller has authorized channels:write for the delivery's organization.
 */
export async function deliverNow(deliveryId: string, now: Date = new Date()): Promise<SendResult & { attempt: number }> {
  const { rows: claimed } = await pool.query<{ attempts: number }>(
    `UPDATE alert_delivery SET attempts = attempts + 1, "updatedAt" = now() WHERE id = $1 AND status = 'pending' RETURNING attempts`,
    [deliveryId],
  );
  if (claimed.length === 0) throw new Error(`Delivery ${deliveryId} is not pending.`);
  const [row] = await loadDeliveries([deliveryId]);
  const result = await send(row!);
  await settle(row!, claimed[0]!.attempts, result, now, false);
  return { ...result, attempt: claimed[0]!.attempts };
}
