import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { ROLLUP_DIMENSIONS, SpendQuerySchema, type SpendDimension, type SpendResponse, type SpendRow } from "@/lib/spend/schemas";

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

const COST: Record<Source, Record<"billed" | "estimated" | "effective", string>> = {
  rollup: { billed: `sum("billedCost")`, estimated: `sum("estimatedCost")`, effective: `sum("effectiveCost")` },
  ledger: {
    billed: `coalesce(sum("billedCost"), 0)`,
    estimated: `coalesce(sum("estimatedCost"), 0)`,
    effective: `coalesce(sum(coalesce("billedCost", "estimatedCost")), 0)`,
  },
};

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
  authorize(actor, "spend:read");
  const query = parseInput(SpendQuerySchema, input);
  const source: Source = query.groupBy.every((dimension) => ROLLUP_DIMENSIONS.has(dimension)) ? "rollup" : "ledger";
  const table = source === "rollup" ? "daily_usage" : "usage_record";
  const dayColumn = source === "rollup" ? "day" : `"usageDate"`;
  const cost = COST[source][query.metric];
  const groups = query.groupBy.map((dimension, index) => `${EXPRESSIONS[source][dimension]} AS g${index}`);
  const groupKeys = query.groupBy.map((_, index) => `g${index}`);
  const where = `"orgId" = $1 AND ${dayColumn} BETWEEN $2::date AND $3::date`;
  const values = [actor.org.id, query.from, query.to];

  const { rows } = await pool.query<RawRow>(
    `SELECT ${[...groups, "currency"].join(", ")}, ${cost}::text AS cost, ${MEASURES(source)}
     FROM ${table} WHERE ${where}
     GROUP BY ${[...groupKeys, "currency"].join(", ")}
     ORDER BY ${cost} DESC, ${[...groupKeys, "currency"].join(", ")}
     LIMIT 10000`,
    values,
  );
  const { rows: totalRows } = await pool.query<RawRow>(
    `SELECT currency, ${cost}::text AS cost, ${MEASURES(source)} FROM ${table} WHERE ${where} GROUP BY currency ORDER BY currency`,
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
    rows: out,
    totals: totalRows.map((row) => ({ currency: row.currency!, cost: canonicalDecimal(row.cost ?? null), ...measures(row) })),
  };
}
