import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { spendScope } from "@/lib/analytics/explore";
import { AppError, parseInput } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { ROLLUP_DIMENSIONS, SpendQuerySchema, type SpendDimension, type SpendQuery, type SpendResponse, type SpendRow } from "@/lib/spend/schemas";

// Spend from the ledger, grouped by any of its dimensions. Reads the daily rollups whenever the dimensions allow
// (everything but project and API key), so it stays fast however many facts there are. Sums stay numeric in SQL
// and cross JSON as decimal strings.

type Source = "rollup" | "ledger";

const EXPRESSIONS: Record<Source, Record<SpendDimension, string>> = {
  rollup: {
    provider: "provider",
    model: "nullif(model, '')",
    team: `nullif("teamId", '')`,
    workflow: `nullif("workflowId", '')`,
    day: "to_char(day, 'YYYY-MM-DD')",
    month: "to_char(day, 'YYYY-MM')",
    service_tier: `nullif("serviceTier", '')`,
    project: "NULL",
    api_key: "NULL",
  },
  ledger: {
    provider: "provider",
    model: "model",
    team: `"teamId"`,
    workflow: `"workflowId"`,
    day: `to_char("usageDate", 'YYYY-MM-DD')`,
    month: `to_char("usageDate", 'YYYY-MM')`,
    service_tier: `"serviceTier"`,
    project: "project",
    api_key: `"apiKey"`,
  },
};

/**
 * The cost of one row, per metric; summed (times the exchange rate when converting). "Effective" is what was
 * billed, and the estimate only where nothing was: OpenAI and Anthropic deliver usage (priced by estimate) and
 * cost (billed) as separate exports of the same spend, so on a day a provider has bills, its estimates are left
 * out rather than added to them (\`billed_day\` below). Finer reconciliation (per project, source precedence)
 * comes with the reconciliation view.
 */
const COST: Record<Source, Record<SpendQuery["metric"], string>> = {
  rollup: {
    billed: `"billedCost"`,
    estimated: `"estimatedCost"`,
    effective: `CASE WHEN billed_day IS NULL THEN "estimatedCost" ELSE "billedCost" END`,
    list: `"listCost"`,
  },
  ledger: {
    billed: `"billedCost"`,
    estimated: `"estimatedCost"`,
    effective: `CASE WHEN billed_day IS NULL THEN coalesce("billedCost", "estimatedCost") ELSE "billedCost" END`,
    list: `"listCost"`,
  },
};

/** Provider-days with bills, joined to every row when the metric is effective. */
const BILLED_DAYS = (dayColumn: string) => `LEFT JOIN (
    SELECT DISTINCT day AS billed_day, provider AS billed_provider FROM daily_usage
    WHERE "orgId" = $1 AND day BETWEEN $2::date AND $3::date AND "billedRecords" > 0
  ) billed ON billed_day = t.${dayColumn} AND billed_provider = t.provider`;

/** The newest rate on or before the row's day from its currency to the target (1 in that currency). */
const RATE = (dayColumn: string, target: string) =>
  `CASE WHEN currency = ${target} THEN 1 ELSE (SELECT r.rate FROM exchange_rate r WHERE r."orgId" = $1 AND r."fromCurrency" = t.currency
     AND r."toCurrency" = ${target} AND r.day <= t.${dayColumn} ORDER BY r.day DESC LIMIT 1) END`;

const MEASURES = (source: Source) => `
  ${source === "rollup" ? "sum(records)" : "count(*)"}::text AS records,
  sum("uncachedInputTokens")::text AS uncached, sum("cacheReadInputTokens")::text AS cache_read,
  sum("cacheWrite5mInputTokens")::text AS write5m, sum("cacheWrite1hInputTokens")::text AS write1h,
  sum("outputTokens")::text AS output, sum("reasoningTokens")::text AS reasoning, sum(requests)::text AS requests`;

/** numeric::text keeps the column's scale ("12.34000000000000"); callers want "12.34". */
export function canonicalDecimal(value: string | null): string {
  if (value === null) return "0";
  if (!value.includes(".")) return value === "-0" ? "0" : value;
  const trimmed = value.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed === "-0" || trimmed === "" ? "0" : trimmed;
}

type RawRow = Record<string, string | null>;

function measures(row: RawRow) {
  return {
    records: Number(row.records ?? 0),
    tokens: {
      uncachedInput: Number(row.uncached ?? 0),
      cacheRead: Number(row.cache_read ?? 0),
      cacheWrite5m: Number(row.write5m ?? 0),
      cacheWrite1h: Number(row.write1h ?? 0),
      output: Number(row.output ?? 0),
      reasoning: Number(row.reasoning ?? 0),
    },
    requests: Number(row.requests ?? 0),
  };
}

export async function querySpend(actor: Actor, input: unknown): Promise<SpendResponse> {
  const scope = spendScope(actor);
  const query = parseInput(SpendQuerySchema, input);
  const source: Source = query.groupBy.every((dimension) => ROLLUP_DIMENSIONS.has(dimension)) ? "rollup" : "ledger";
  const table = source === "rollup" ? "daily_usage" : "usage_record";
  const dayColumn = source === "rollup" ? "day" : `"usageDate"`;
  const convertTo = query.currency ?? null;
  if (convertTo !== null && convertTo !== actor.org.currency) {
    throw new AppError("validation_failed", `Amounts convert to the reporting currency, ${actor.org.currency}.`, { fieldErrors: { currency: [`Use ${actor.org.currency}.`] } });
  }
  const values: (string | string[])[] = [actor.org.id, query.from, query.to];
  const target = convertTo === null ? null : `$${values.push(convertTo)}`;
  // Managers see the teams they manage (and the teams below them), nothing else.
  const scopeClause = scope ? ` AND t."teamId" = ANY($${values.push(scope)}::text[])` : "";
  const where = `t."orgId" = $1 AND t.${dayColumn} BETWEEN $2::date AND $3::date${scopeClause}`;
  const from = `${table} t ${query.metric === "effective" ? BILLED_DAYS(dayColumn) : ""}`;
  if (target !== null) await assertRatesExist(table, dayColumn, where, values, target, convertTo!);
  // Converted sums are exact products (numeric), rounded to the ledger's 14 places once, after summing.
  const cost =
    convertTo === null
      ? `coalesce(sum(${COST[source][query.metric]}), 0)`
      : `round(coalesce(sum(${COST[source][query.metric]} * ${RATE(dayColumn, target!)}), 0), 14)`;
  const currency = target === null ? "currency" : `${target}::text`;
  const groups = query.groupBy.map((dimension, index) => `${EXPRESSIONS[source][dimension]} AS g${index}`);
  const groupKeys = query.groupBy.map((_, index) => `g${index}`);
  const groupBy = convertTo === null ? [...groupKeys, "currency"] : groupKeys;

  const { rows } = await pool.query<RawRow>(
    `SELECT ${[...groups, `${currency} AS currency`].join(", ")}, ${cost}::text AS cost, ${MEASURES(source)}
     FROM ${from} WHERE ${where}
     ${groupBy.length ? `GROUP BY ${groupBy.join(", ")}` : ""}
     HAVING count(*) > 0
     ORDER BY ${[`${cost} DESC`, ...groupBy].join(", ")}
     LIMIT 10000`,
    values,
  );
  const { rows: totalRows } = await pool.query<RawRow>(
    `SELECT ${currency} AS currency, ${cost}::text AS cost, ${MEASURES(source)} FROM ${from} WHERE ${where}
     ${convertTo === null ? "GROUP BY currency" : ""} HAVING count(*) > 0 ORDER BY 1`,
    values,
  );

  const teamIds = query.groupBy.includes("team") ? rows.map((row) => row[`g${query.groupBy.indexOf("team")}`]).filter(Boolean) : [];
  const workflowIds = query.groupBy.includes("workflow") ? rows.map((row) => row[`g${query.groupBy.indexOf("workflow")}`]).filter(Boolean) : [];
  const [teams, workflows] = await Promise.all([
    teamIds.length ? db.team.findMany({ where: { orgId: actor.org.id, id: { in: teamIds as string[] } }, select: { id: true, name: true } }) : [],
    workflowIds.length ? db.workflow.findMany({ where: { orgId: actor.org.id, id: { in: workflowIds as string[] } }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map([...teams, ...workflows].map((entry) => [entry.id, entry.name]));

  const out: SpendRow[] = rows.map((row) => {
    const group: Record<string, string | null> = {};
    const labels: Record<string, string | null> = {};
    query.groupBy.forEach((dimension, index) => {
      const value = row[`g${index}`] ?? null;
      group[dimension] = value;
      if (dimension === "team" || dimension === "workflow") labels[dimension] = value ? names.get(value) ?? value : "Unattributed";
    });
    return { group, labels, currency: row.currency!, cost: canonicalDecimal(row.cost ?? null), ...measures(row) };
  });
  return {
    from: query.from,
    to: query.to,
    metric: query.metric,
    groupBy: query.groupBy,
    source,
    convertedTo: convertTo,
    rows: out,
    totals: totalRows.map((row) => ({ currency: row.currency!, cost: canonicalDecimal(row.cost ?? null), ...measures(row) })),
  };
}

/** Converting needs a rate for every currency and day in range: a missing one is an error naming them, never 1.0. */
async function assertRatesExist(table: string, dayColumn: string, where: string, values: (string | string[])[], target: string, currency: string): Promise<void> {
  const { rows } = await pool.query<{ currency: string; first: string; days: string }>(
    `SELECT currency, to_char(min(${dayColumn}), 'YYYY-MM-DD') AS first, count(DISTINCT ${dayColumn})::text AS days
     FROM ${table} t WHERE ${where} AND currency <> ${target}
       AND NOT EXISTS (SELECT 1 FROM exchange_rate r WHERE r."orgId" = $1 AND r."fromCurrency" = t.currency AND r."toCurrency" = ${target} AND r.day <= t.${dayColumn})
     GROUP BY currency ORDER BY currency`,
    values,
  );
  if (rows.length === 0) return;
  const missing = rows.map((row) => ({ currency: row.currency, firstDay: row.first, days: Number(row.days) }));
  throw new AppError(
    "missing_exchange_rate",
    `No exchange rate to ${currency} for ${missing.map((entry) => `${entry.currency} from ${entry.firstDay}`).join(", ")}. An admin adds it under Settings → Exchange rates.`,
    { missing },
  );
}
