import "server-only";
import Decimal from "decimal.js";
import type { Actor } from "@/lib/auth/actor";
import { cachedAnswer } from "@/lib/analytics/cache";
import { addDays, localDate } from "@/lib/budgets/periods";
import { explore, factsOnlyActive, sharingReads, spendScope } from "@/lib/analytics/explore";
import type { ExplorerResult, ExplorerRow } from "@/lib/analytics/schemas";
import { pool } from "@/lib/pg";

// The overview finance opens first: every figure comes from the explorer's engine (so from the rollups), and each
// can be opened in the explorer with the same query.

export type Slice = { key: string; label: string; value: string; share: string };

export type Overview = {
  currency: string;
  today: string;
  month: { from: string; to: string };
  /** Month to date, against the same number of days of last month. */
  monthToDate: { value: string; previous: string; previousRange: { from: string; to: string }; change: string | null };
  /** Month to date plus the trailing 7 days' average for each remaining day. */
  forecast: { value: string; dailyRate: string; daysLeft: number };
  /** Month to date, top five and the rest. */
  top: Record<"team" | "workflow" | "model" | "provider", Slice[]>;
  /** Last 30 days by provider. */
  daily: ExplorerResult;
  /** Last 7 days against the 7 before, by team, workflow and model: the largest changes. */
  movers: { dimension: string; label: string; key: string; value: string; previous: string; delta: string }[];
  unpriced: { records: number; tokens: number };
  unattributed: { value: string; share: string };
  /** Twelve months: spend, tokens, and spend per million tokens. */
  unitEconomics: { month: string; spend: string; tokens: string; perMillion: string | null }[];
};

const DAY_MS = 86_400_000;

/** Today in the organization's time zone. */
export function orgToday(timeZone: string, now = new Date()): string {
  return localDate(timeZone, now);
}

/** Top five and "Other", with shares of the total. */
export function topFive(rows: readonly ExplorerRow[], total: string): Slice[] {
  const sum = new Decimal(total);
  const share = (value: Decimal) => (sum.isZero() ? "0" : value.dividedBy(sum).toDecimalPlaces(4).toFixed());
  const top = rows.slice(0, 5).map((row) => ({ key: row.key, label: row.group[0]!.label, value: row.value, share: share(new Decimal(row.value)) }));
  const rest = rows.slice(5).reduce((acc, row) => acc.plus(row.value), new Decimal(0));
  return rest.isZero() ? top : [...top, { key: "__other__", label: `Other (${rows.length - 5})`, value: rest.toFixed(), share: share(rest) }];
}

export async function overview(actor: Actor, options: { now?: Date } = {}): Promise<Overview> {
  const scope = spendScope(actor);
  const today = orgToday(actor.org.timeZone, options.now);
  // One version check for the whole page when nothing changed (each query below is cached on its own too).
  const key = JSON.stringify({ overview: today, currency: actor.org.currency, scope: scope ? [...scope].sort() : null });
  return cachedAnswer(actor.org.id, key, () => sharingReads(() => computeOverview(actor, scope, today)), { bypass: factsOnlyActive() });
}

async function computeOverview(actor: Actor, scope: string[] | null, today: string): Promise<Overview> {
  const monthStart = `${today.slice(0, 8)}01`;
  const daysIn = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${monthStart}T00:00:00Z`)) / DAY_MS);
  const lastMonthStart = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 10);
  const lastMonthEnd = addDays(monthStart, -1);
  const samePoint = addDays(lastMonthStart, daysIn) < lastMonthEnd ? addDays(lastMonthStart, daysIn) : lastMonthEnd;
  const month = { from: monthStart, to: today };
  const twelve = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1)).toISOString().slice(0, 10);

  const [previous, team, workflow, model, provider, daily, week, units] = await Promise.all([
    explore(actor, { from: lastMonthStart, to: samePoint, compare: false }),
    explore(actor, { ...month, groupBy: ["team"], compare: false }),
    explore(actor, { ...month, groupBy: ["workflow"], compare: false }),
    explore(actor, { ...month, groupBy: ["model"], compare: false }),
    explore(actor, { ...month, groupBy: ["provider"], compare: false }),
    explore(actor, { from: addDays(today, -29), to: today, groupBy: ["provider"], granularity: "day", compare: false }),
    Promise.all(
      (["team", "workflow", "model"] as const).map((dimension) => explore(actor, { from: addDays(today, -6), to: today, groupBy: [dimension], compare: true }).then((result) => ({ dimension, result }))),
    ),
    Promise.all([
      explore(actor, { from: twelve, to: today, granularity: "month", compare: false }),
      explore(actor, { from: twelve, to: today, granularity: "month", metric: "tokens", compare: false }),
    ]),
  ]);

  // Every grouping of a range sums to the same total: the provider split's is the month's.
  const mtdValue = new Decimal(provider.total.value);
  const previousValue = new Decimal(previous.total.value);
  const monthEnd = addDays(`${new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 1)).toISOString().slice(0, 10)}`, -1);
  const daysLeft = Math.round((Date.parse(`${monthEnd}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  const dailyRate = new Decimal(week[0]!.result.total.value).dividedBy(7);

  const movers = week
    .flatMap(({ dimension, result }) =>
      result.rows.map((row) => {
        const delta = new Decimal(row.value).minus(row.previous ?? 0);
        return { dimension, label: row.group[0]!.label, key: row.key, value: row.value, previous: row.previous ?? "0", delta: delta.toFixed(), magnitude: delta.abs() };
      }),
    )
    .sort((a, b) => b.magnitude.comparedTo(a.magnitude))
    .slice(0, 6)
    .map(({ magnitude: _magnitude, ...mover }) => mover);

  const values: unknown[] = [actor.org.id, monthStart, today];
  const scopeClause = scope ? `AND "teamId" = ANY($4::text[])` : "";
  if (scope) values.push(scope);
  const unpricedRows = await cachedAnswer(actor.org.id, JSON.stringify({ unpriced: values.slice(1) }), async () => {
    const { rows } = await pool.query<{ records: string; tokens: string }>(
      `SELECT coalesce(sum("unpricedRecords"), 0)::text AS records, coalesce(sum("unpricedTokens"), 0)::text AS tokens
       FROM daily_usage WHERE "orgId" = $1 AND day BETWEEN $2::date AND $3::date ${scopeClause}`,
      values,
    );
    return rows;
  });
  const unattributedValue = new Decimal(team.rows.find((row) => row.group[0]!.value === null)?.value ?? 0);

  const [spendByMonth, tokensByMonth] = units;
  const monthTotal = (result: ExplorerResult, start: string) => result.buckets.find((bucket) => bucket.start === start)?.values[result.rows[0]?.key ?? ""] ?? "0";
  const months: string[] = [];
  for (let index = 0; index < 12; index++) months.push(new Date(Date.UTC(Number(twelve.slice(0, 4)), Number(twelve.slice(5, 7)) - 1 + index, 1)).toISOString().slice(0, 10));

  return {
    currency: actor.org.currency,
    today,
    month,
    monthToDate: {
      value: mtdValue.toFixed(),
      previous: previousValue.toFixed(),
      previousRange: { from: lastMonthStart, to: samePoint },
      change: previousValue.isZero() ? null : mtdValue.minus(previousValue).dividedBy(previousValue).toDecimalPlaces(4).toFixed(),
    },
    forecast: { value: mtdValue.plus(dailyRate.times(daysLeft)).toDecimalPlaces(2).toFixed(), dailyRate: dailyRate.toDecimalPlaces(2).toFixed(), daysLeft },
    top: {
      team: topFive(team.rows, team.total.value),
      workflow: topFive(workflow.rows, workflow.total.value),
      model: topFive(model.rows, model.total.value),
      provider: topFive(provider.rows, provider.total.value),
    },
    daily,
    movers,
    unpriced: { records: Number(unpricedRows[0]!.records), tokens: Number(unpricedRows[0]!.tokens) },
    unattributed: { value: unattributedValue.toFixed(), share: mtdValue.isZero() ? "0" : unattributedValue.dividedBy(mtdValue).toDecimalPlaces(4).toFixed() },
    unitEconomics: months.map((start) => {
      const spend = new Decimal(monthTotal(spendByMonth, start));
      const tokens = new Decimal(monthTotal(tokensByMonth, start));
      return {
        month: start.slice(0, 7),
        spend: spend.toFixed(),
        tokens: tokens.toFixed(),
        perMillion: tokens.isZero() ? null : spend.dividedBy(tokens).times(1_000_000).toDecimalPlaces(6).toFixed(),
      };
    }),
  };
}
