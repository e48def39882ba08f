import "server-only";
import Decimal from "decimal.js";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { assertRates, rateToReporting } from "@/lib/analytics/explore";
import { parseInput } from "@/lib/errors";
import { csvRecord } from "@/lib/exports/csv";
import { providerLabel } from "@/lib/ingest/providers";
import { pool } from "@/lib/pg";
import { ChargebackQuerySchema, lastDayOf, monthsBetween } from "@/lib/reports/chargeback";
import { roundPreservingTotal } from "@/lib/reports/split";

// Reconciliation: per provider and month, what the provider billed (cost exports, invoices, cost APIs) against what
// the usage data priced at the catalog and contract prices comes to. Billed cost usually covers only some days
// (an invoice lags, a cost API is not connected), so the comparison is made over the provider's billed days: the
// estimate of those days against the bill, and the days without a bill are counted, not guessed. From the daily
// rollup, in the reporting currency; drillable to model and day for one provider and month.

export const RECONCILIATION_TOLERANCE = { percent: "1", amount: "0.01" } as const;

export const ReconciliationDrillSchema = z.object({
  provider: z.string().trim().min(1, "Name the provider.").max(100),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM."),
});

export type ReconciliationStatus = "agrees" | "differs" | "no_billing" | "no_estimate";

export type ReconciliationLine = {
  key: string;
  label: string;
  /** Billed cost, null when the provider billed nothing in the period. */
  billed: string | null;
  /** The estimate over every day with usage. */
  estimated: string;
  /** The estimate over the days the provider billed: what the bill is compared with. */
  estimatedOnBilledDays: string;
  /** billed − estimatedOnBilledDays (null without a bill). */
  difference: string | null;
  /** difference / estimatedOnBilledDays × 100, two places (null without either). */
  differencePercent: string | null;
  billedDays: number;
  usageDays: number;
  unpricedRecords: number;
  status: ReconciliationStatus;
};

export type Reconciliation = {
  currency: string;
  from: string;
  to: string;
  months: string[];
  rows: (ReconciliationLine & { provider: string; month: string })[];
  total: ReconciliationLine;
};

export type ReconciliationDrill = { currency: string; provider: string; month: string; byModel: ReconciliationLine[]; byDay: ReconciliationLine[]; total: ReconciliationLine };

type Raw = { key: string; billed: string; estimated: string; estimated_billed: string; billed_records: string; estimated_records: string; billed_days: string; usage_days: string; unpriced: string };

const cents = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

type Rounded = { billed: Decimal; estimated: Decimal; onBilledDays: Decimal };

function line(key: string, label: string, raw: Raw, rounded: Rounded = { billed: cents(raw.billed), estimated: cents(raw.estimated), onBilledDays: cents(raw.estimated_billed) }): ReconciliationLine {
  const hasBill = Number(raw.billed_records) > 0;
  const { billed, onBilledDays } = rounded;
  const difference = hasBill ? billed.minus(onBilledDays) : null;
  const tolerance = Decimal.max(RECONCILIATION_TOLERANCE.amount, billed.abs().times(RECONCILIATION_TOLERANCE.percent).dividedBy(100));
  const status: ReconciliationStatus = !hasBill ? "no_billing" : Number(raw.estimated_records) === 0 ? "no_estimate" : difference!.abs().lte(tolerance) ? "agrees" : "differs";
  return {
    key,
    label,
    billed: hasBill ? billed.toFixed(2) : null,
    estimated: rounded.estimated.toFixed(2),
    estimatedOnBilledDays: onBilledDays.toFixed(2),
    difference: difference?.toFixed(2) ?? null,
    differencePercent: difference && !onBilledDays.isZero() ? difference.dividedBy(onBilledDays).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : null,
    billedDays: Number(raw.billed_days),
    usageDays: Number(raw.usage_days),
    unpricedRecords: Number(raw.unpriced),
    status,
  };
}

/** Lines of one breakdown, rounded so that each column adds up to the breakdown's exact total in cents. */
function lines(raws: readonly Raw[], labelOf: (key: string) => string): ReconciliationLine[] {
  const billed = roundPreservingTotal(raws.map((raw) => raw.billed));
  const estimated = roundPreservingTotal(raws.map((raw) => raw.estimated));
  const onBilledDays = roundPreservingTotal(raws.map((raw) => raw.estimated_billed));
  return raws.map((raw, index) =>
    line(raw.key, labelOf(raw.key), raw, { billed: new Decimal(billed[index]!), estimated: new Decimal(estimated[index]!), onBilledDays: new Decimal(onBilledDays[index]!) }),
  );
}

async function sums(orgId: string, currency: string, range: { from: string; to: string }, groupKey: string, provider: string | null): Promise<Map<string, Raw>> {
  await assertRates(orgId, currency, "rollup", [range]);
  const rate = rateToReporting("$4", "t.day");
  // Billed days: provider-days with any billed record (as the effective cost decides, lib/analytics/explore.ts).
  const { rows } = await pool.query<Raw>(
    `SELECT ${groupKey} AS key,
       sum(t."billedCost" * ${rate})::text AS billed,
       sum(t."estimatedCost" * ${rate})::text AS estimated,
       coalesce(sum(t."estimatedCost" * ${rate}) FILTER (WHERE b.billed_day IS NOT NULL), 0)::text AS estimated_billed,
       sum(t."billedRecords")::text AS billed_records, sum(t."estimatedRecords")::text AS estimated_records,
       count(DISTINCT t.day) FILTER (WHERE b.billed_day IS NOT NULL)::text AS billed_days, count(DISTINCT t.day)::text AS usage_days,
       sum(t."unpricedRecords")::text AS unpriced
     FROM daily_usage t
     LEFT JOIN (SELECT DISTINCT day AS billed_day, provider AS billed_provider FROM daily_usage
       WHERE "orgId" = $1 AND day BETWEEN $2::date AND $3::date AND "billedRecords" > 0) b ON b.billed_day = t.day AND b.billed_provider = t.provider
     WHERE t."orgId" = $1 AND t.day BETWEEN $2::date AND $3::date ${provider === null ? "" : "AND t.provider = $5"}
     GROUP BY 1 ORDER BY 1`,
    provider === null ? [orgId, range.from, range.to, currency] : [orgId, range.from, range.to, currency, provider],
  );
  return new Map(rows.map((row) => [row.key, row]));
}

function totalOf(lines: readonly ReconciliationLine[]): ReconciliationLine {
  const add = (pick: (entry: ReconciliationLine) => string | null) => lines.reduce((sum, entry) => sum.plus(pick(entry) ?? 0), new Decimal(0));
  const billedLines = lines.filter((entry) => entry.billed !== null);
  const raw: Raw = {
    key: "total",
    billed: add((entry) => entry.billed).toFixed(),
    estimated: add((entry) => entry.estimated).toFixed(),
    estimated_billed: add((entry) => entry.estimatedOnBilledDays).toFixed(),
    billed_records: String(billedLines.length),
    estimated_records: String(lines.length),
    billed_days: String(lines.reduce((sum, entry) => sum + entry.billedDays, 0)),
    usage_days: String(lines.reduce((sum, entry) => sum + entry.usageDays, 0)),
    unpriced: String(lines.reduce((sum, entry) => sum + entry.unpricedRecords, 0)),
  };
  return line("total", "Total", raw);
}


/** Per provider and month. Finance and admins: an organization-wide comparison of bills with usage. */
export async function reconciliation(actor: Actor, input: unknown): Promise<Reconciliation> {
  authorize(actor, "uploads:read");
  const query = parseInput(ChargebackQuerySchema, input);
  const range = { from: `${query.from}-01`, to: lastDayOf(query.to) };
  const found = await sums(actor.org.id, actor.org.currency, range, `t.provider || '|' || to_char(t.day, 'YYYY-MM')`, null);
  const rows = [...found.values()].map((raw) => {
    const [provider, month] = raw.key.split("|") as [string, string];
    return { provider, month, ...line(raw.key, providerLabel(provider), raw) };
  });
  rows.sort((a, b) => a.month.localeCompare(b.month) || a.label.localeCompare(b.label));
  return { currency: actor.org.currency, from: query.from, to: query.to, months: monthsBetween(query.from, query.to), rows, total: totalOf(rows) };
}

/** One provider's month by model and by day. */
export async function reconciliationDrill(actor: Actor, input: unknown): Promise<ReconciliationDrill> {
  authorize(actor, "uploads:read");
  const query = parseInput(ReconciliationDrillSchema, input);
  const range = { from: `${query.month}-01`, to: lastDayOf(query.month) };
  // The month's total is summed exactly, as the report's row for it is (not from the rounded model or day lines).
  const [models, days, month] = await Promise.all([
    // By the catalog's model name: a cost export names "claude-haiku-4-5" where the usage export names
    // "claude-haiku-4-5-20251001"; the organization's aliases, then the provider's, then the shipped ones decide.
    sums(
      actor.org.id,
      actor.org.currency,
      range,
      `coalesce((SELECT a.model FROM model_alias a WHERE a."orgId" IN ('', t."orgId") AND a.provider IN ('', t.provider) AND lower(a.alias) = lower(t.model)
        ORDER BY a."orgId" = '', a.provider = '' LIMIT 1), t.model)`,
      query.provider,
    ),
    sums(actor.org.id, actor.org.currency, range, "to_char(t.day, 'YYYY-MM-DD')", query.provider),
    sums(actor.org.id, actor.org.currency, range, "t.provider", query.provider),
  ]);
  const whole = month.get(query.provider);
  const byModel = lines([...models.values()], (key) => (key === "" ? "(no model)" : key)).sort((a, b) => new Decimal(b.estimated).comparedTo(a.estimated) || a.key.localeCompare(b.key));
  const byDay = lines([...days.values()], (key) => key);
  const total = whole ? line("total", "Total", whole) : totalOf([]);
  return { currency: actor.org.currency, provider: query.provider, month: query.month, byModel, byDay, total };
}

export function reconciliationCsv(report: Reconciliation): string {
  const header = ["Month", "Provider", "Billed", "Estimated (all days)", "Estimated (billed days)", "Difference", "Difference %", "Billed days", "Usage days", "Status", "Currency"];
  let csv = csvRecord(header);
  for (const row of report.rows) {
    csv += csvRecord([row.month, row.label, row.billed, row.estimated, row.estimatedOnBilledDays, row.difference, row.differencePercent, String(row.billedDays), String(row.usageDays), row.status, report.currency]);
  }
  return csv;
}
