import "server-only";
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { runExplore } from "@/lib/analytics/explore";
import { toSearchParams } from "@/lib/analytics/url";
import { ANOMALY_BASELINE_DAYS, ANOMALY_MINIMUM, anomalyOf } from "@/lib/alerts/anomaly";
import type { AlertKind, AlertSeverity } from "@/lib/alerts/schemas";
import { standingsOf } from "@/lib/budgets/budgets";
import { addDays, daysBetween, localDate } from "@/lib/budgets/periods";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { pool } from "@/lib/pg";
import { unpricedModels } from "@/lib/pricing/queries";

// Alert evaluation: reads where things stand and records what people should know, each alert once. "Once" is the
// database's job, not this process's: every alert has a dedupe key unique per organization (e.g. the budget, its
// period and the threshold), inserted with ON CONFLICT DO NOTHING, so two evaluations running at the same time (an
// upload finishing while the schedule runs, two app processes) record it once. Nothing here is a counter: every
// evaluation recomputes from the ledger, so it can run as often as wanted and after any change.
//
// Budget thresholds: only the highest threshold crossed fires (one jump over 50 and 80 is one alert, for 80), and
// only when no alert of that budget and period covers it yet: an alert for a higher threshold, or a re-armed one
// whose percentage at re-arming was at least as high (raising the budget re-arms the thresholds above the new
// percentage; those below stay notified).

/** Anomalies are looked for on the last seven days (an upload of last week's export still finds them). */
const ANOMALY_LOOKBACK_DAYS = 7;
/** Failed imports and syncs of the last week become alerts (older ones were surely seen). */
/** Unpriced usage of the last five weeks is news; older is history (the prices page lists all of it). */
const UNPRICED_LOOKBACK_DAYS = 35;
const FAILURE_LOOKBACK_MS = 7 * 86_400_000;

type Candidate = {
  kind: AlertKind;
  dedupeKey: string;
  severity: AlertSeverity;
  budgetId?: string | null;
  periodFrom?: string | null;
  periodTo?: string | null;
  threshold?: number | null;
  teamId?: string | null;
  workflowId?: string | null;
  provider?: string | null;
  model?: string | null;
  day?: string | null;
  figures: Record<string, string>;
  title: string;
  message: string;
  link: string | null;
};

const COLUMNS = ["id", "orgId", "kind", "dedupeKey", "severity", "budgetId", "periodFrom", "periodTo", "threshold", "teamId", "workflowId", "provider", "model", "day", "figures", "title", "message", "link"] as const;

/** Records the alert unless its key exists (or `guard`, a SQL condition on $n parameters, says it is covered). */
async function insertAlert(orgId: string, alert: Candidate, guard?: { sql: string }): Promise<string | null> {
  const values = [
    randomUUID(),
    orgId,
    alert.kind,
    alert.dedupeKey,
    alert.severity,
    alert.budgetId ?? null,
    alert.periodFrom ?? null,
    alert.periodTo ?? null,
    alert.threshold ?? null,
    alert.teamId ?? null,
    alert.workflowId ?? null,
    alert.provider ?? null,
    alert.model ?? null,
    alert.day ?? null,
    JSON.stringify(alert.figures),
    alert.title,
    alert.message,
    alert.link,
  ];
  const placeholders = COLUMNS.map((column, index) => `$${index + 1}${["periodFrom", "periodTo", "day"].includes(column) ? "::date" : column === "figures" ? "::jsonb" : column === "threshold" ? "::int" : ""}`);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO alert (${COLUMNS.map((column) => `"${column}"`).join(", ")})
     SELECT ${placeholders.join(", ")}
     WHERE ${guard?.sql ?? "TRUE"}
     ON CONFLICT ("orgId", "dedupeKey") DO NOTHING
     RETURNING id`,
    values,
  );
  return rows[0]?.id ?? null;
}

/** A threshold alert is covered by one for a threshold at least as high, or by a re-armed one re-armed at or above it. */
const THRESHOLD_GUARD = {
  sql: `NOT EXISTS (SELECT 1 FROM alert a WHERE a."orgId" = $2 AND a."budgetId" = $6 AND a.kind = 'threshold' AND a."periodFrom" = $7::date
         AND ((a."rearmedAt" IS NULL AND a.threshold >= $9::int) OR (a."rearmedAt" IS NOT NULL AND a."rearmedAtPercent" >= $9::int)))`,
};

function explorerLink(from: string, to: string, filters: Record<string, string[]>, groupBy: "workflow" | "model" | "team"): string {
  return `/explorer?${toSearchParams({ range: "custom", from, to, groupBy: [groupBy], filters, metric: "effective", granularity: "day", compare: false }).toString()}`;
}

type Org = { id: string; currency: string; timeZone: string };

const daysLeft = (days: number) => (days === 1 ? "1 day left" : `${days} days left`);

async function budgetAlerts(org: Org, now: Date | undefined): Promise<string[]> {
  const { standings } = await standingsOf(org, { now });
  const created: string[] = [];
  for (const { budget, view, range, filters } of standings) {
    const money = (value: string) => formatMoney(value, org.currency);
    const figures = {
      actual: view.current.actual,
      amount: view.amount,
      percent: view.current.percent,
      forecast: view.forecast.value,
      forecastLow: view.forecast.low,
      forecastHigh: view.forecast.high,
      daysLeft: String(view.current.daysLeft),
      currency: org.currency,
    };
    const base = {
      budgetId: budget.id,
      periodFrom: range.from,
      periodTo: range.to,
      teamId: budget.teamId,
      workflowId: budget.workflowId,
      provider: budget.provider,
      model: budget.model,
      link: explorerLink(range.from, range.to, filters, "workflow"),
    };
    const highest = view.current.thresholdsCrossed.at(-1);
    if (highest !== undefined) {
      const id = await insertAlert(
        org.id,
        {
          ...base,
          kind: "threshold",
          dedupeKey: `threshold:${budget.id}:${range.from}:${highest}`,
          severity: highest >= 100 ? "critical" : "warning",
          threshold: highest,
          figures,
          title: `${budget.name}: ${highest} % of the ${range.label} budget reached`,
          message: `${money(view.current.actual)} spent of ${money(view.amount)} (${view.current.percent} %), ${daysLeft(view.current.daysLeft)}. Forecast for the period: ${money(view.forecast.value)} (${money(view.forecast.low)} – ${money(view.forecast.high)}).`,
        },
        THRESHOLD_GUARD,
      );
      if (id) created.push(id);
    }
    // Projected to exceed: once per period, while not over already (then the 100 % threshold speaks).
    if (new Decimal(view.forecast.value).gt(view.amount) && new Decimal(view.current.percent).lt(100) && view.current.daysLeft > 0) {
      const id = await insertAlert(org.id, {
        ...base,
        kind: "forecast",
        dedupeKey: `forecast:${budget.id}:${range.from}`,
        severity: "warning",
        figures,
        title: `${budget.name}: projected to exceed the ${range.label} budget`,
        message: `Forecast ${money(view.forecast.value)} (${money(view.forecast.low)} – ${money(view.forecast.high)}) against ${money(view.amount)}; ${money(view.current.actual)} spent so far (${view.current.percent} %), ${daysLeft(view.current.daysLeft)}.`,
      });
      if (id) created.push(id);
    }
  }
  return created;
}

/**
 * Team and workflow days far above their trailing baseline (lib/alerts/anomaly.ts). A workflow's anomaly on a day
 * its team has one too is the same news: the team's alert tells it, once.
 */
async function anomalyAlerts(org: Org, today: string): Promise<string[]> {
  const from = addDays(today, -(ANOMALY_LOOKBACK_DAYS - 1 + ANOMALY_BASELINE_DAYS));
  const checked = daysBetween(addDays(today, -(ANOMALY_LOOKBACK_DAYS - 1)), today);
  const workflowTeams = new Map((await db.workflow.findMany({ where: { orgId: org.id }, select: { id: true, teamId: true } })).map((workflow) => [workflow.id, workflow.teamId]));
  const teamDays = new Set<string>();
  const created: string[] = [];
  for (const dimension of ["team", "workflow"] as const) {
    const result = await runExplore(org, null, { from, to: today, groupBy: [dimension], filters: {}, metric: "effective", granularity: "day", compare: false });
    const byDay = new Map(result.buckets.map((bucket) => [bucket.start, bucket.values]));
    for (const row of result.rows) {
      const id = row.group[0]?.value;
      if (!id) continue; // unattributed spend has no one to tell
      const amountOn = (day: string) => new Decimal(byDay.get(day)?.[row.key] ?? 0);
      const firstDay = result.buckets.find((bucket) => !new Decimal(bucket.values[row.key] ?? 0).isZero())?.start;
      if (!firstDay) continue;
      for (const day of checked) {
        const history = daysBetween(addDays(day, -ANOMALY_BASELINE_DAYS), addDays(day, -1)).filter((past) => past >= firstDay).map(amountOn);
        const hit = anomalyOf(history, amountOn(day));
        if (!hit) continue;
        if (dimension === "team") teamDays.add(`${id}:${day}`);
        else if (teamDays.has(`${workflowTeams.get(id)}:${day}`)) continue;
        const money = (value: Decimal) => formatMoney(value.toFixed(2), org.currency);
        const name = row.group[0]!.label;
        const alertId = await insertAlert(org.id, {
          kind: "anomaly",
          dedupeKey: `anomaly:${dimension}:${id}:${day}`,
          severity: "warning",
          teamId: dimension === "team" ? id : null,
          workflowId: dimension === "workflow" ? id : null,
          day,
          figures: {
            actual: amountOn(day).toFixed(2),
            baseline: hit.baseline.toFixed(2),
            mad: hit.mad.toFixed(2),
            excess: hit.excess.toFixed(2),
            score: hit.score ? hit.score.toFixed(1) : "steady baseline",
            minimum: ANOMALY_MINIMUM,
            currency: org.currency,
          },
          title: `${name}: spend on ${day} far above normal`,
          message: `${money(amountOn(day))} on ${day} against a usual ${money(hit.baseline)} a day (median of the ${ANOMALY_BASELINE_DAYS} days before): ${money(hit.excess)} more.`,
          link: explorerLink(addDays(day, -13), day, { [dimension]: [id] }, dimension === "team" ? "workflow" : "model"),
        });
        if (alertId) created.push(alertId);
      }
    }
  }
  return created;
}

/** Models whose recent usage no price covers: once per provider and model (mapping or pricing it is the fix). */
async function unpricedAlerts(org: Org, today: string): Promise<string[]> {
  const created: string[] = [];
  for (const row of await unpricedModels(org.id, { from: addDays(today, -UNPRICED_LOOKBACK_DAYS) })) {
    const model = row.model ?? "";
    const id = await insertAlert(org.id, {
      kind: "unpriced",
      dedupeKey: `unpriced:${row.provider}:${model}`,
      severity: "info",
      provider: row.provider,
      model,
      periodFrom: row.firstDay,
      periodTo: row.lastDay,
      figures: { records: String(row.records), tokens: String(row.tokens), firstDay: row.firstDay, lastDay: row.lastDay },
      title: `Unpriced usage: ${model || "(no model)"} on ${row.provider}`,
      message: `${row.records} records (${row.tokens} tokens) from ${row.firstDay} to ${row.lastDay} have no price: they count as zero until the model is mapped or priced.`,
      link: "/prices",
    });
    if (id) created.push(id);
  }
  return created;
}

/** Failed imports (each) and failed syncs (once per connection and day: a sync failing hourly is one alert a day). */
async function failureAlerts(org: Org, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - FAILURE_LOOKBACK_MS);
  const [uploads, runs] = await Promise.all([
    db.upload.findMany({ where: { orgId: org.id, status: "FAILED", finishedAt: { gte: since } }, select: { id: true, filename: true, message: true, errorCount: true, finishedAt: true } }),
    db.jobRun.findMany({
      where: { orgId: org.id, kind: "connection.sync", status: "failed", finishedAt: { gte: since } },
      select: { id: true, error: true, finishedAt: true, connection: { select: { id: true, name: true, provider: true } } },
      orderBy: { finishedAt: "asc" },
    }),
  ]);
  const created: string[] = [];
  for (const upload of uploads) {
    const id = await insertAlert(org.id, {
      kind: "ingest_failed",
      dedupeKey: `ingest_failed:${upload.id}`,
      severity: "critical",
      figures: { errors: String(upload.errorCount), file: upload.filename },
      title: `Import failed: ${upload.filename}`,
      message: `${upload.message ?? "The import failed."} Nothing from this file was added to the ledger.`,
      link: `/uploads?upload=${upload.id}`,
    });
    if (id) created.push(id);
  }
  for (const run of runs) {
    if (!run.connection) continue;
    const day = localDate(org.timeZone, run.finishedAt!);
    const id = await insertAlert(org.id, {
      kind: "sync_failed",
      dedupeKey: `sync_failed:${run.connection.id}:${day}`,
      severity: "critical",
      provider: run.connection.provider,
      day,
      figures: { connection: run.connection.name, run: run.id },
      title: `Sync failed: ${run.connection.name}`,
      message: run.error ?? "The provider sync failed.",
      link: `/connections/${run.connection.id}`,
    });
    if (id) created.push(id);
  }
  return created;
}

/** Evaluates every kind of alert for one organization; returns the ids of the alerts it recorded (new ones only). */
export async function evaluateAlerts(orgId: string, options: { now?: Date } = {}): Promise<string[]> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, currency: true, timeZone: true } });
  const now = options.now ?? new Date();
  const today = localDate(org.timeZone, now);
  const created: string[] = [];
  // One part failing (a currency without an exchange rate, say) does not keep the others from being told.
  const parts = { budgets: () => budgetAlerts(org, now), anomalies: () => anomalyAlerts(org, today), unpriced: () => unpricedAlerts(org, today), failures: () => failureAlerts(org, now) };
  for (const [name, part] of Object.entries(parts)) {
    try {
      created.push(...(await part()));
    } catch (error) {
      logger.error({ err: error, orgId, part: name }, "alert evaluation failed");
    }
  }
  return created;
}
