import { expect } from "vitest";
import { pool } from "@/lib/pg";

// Ledger checks for tests: totals straight from the facts, and the rollups recomputed from the facts and
// compared with what the pipeline kept (issue: "a check in the tests recomputes the rollups").

export async function ledgerTotals(orgId: string, where: { provider?: string; uploadId?: string } = {}) {
  const { rows } = await pool.query<{ billed: string; estimated: string; list: string; records: string; unpriced: string; tokens: string }>(
    `SELECT coalesce(sum("billedCost"), 0)::text AS billed, coalesce(sum("estimatedCost"), 0)::text AS estimated,
       coalesce(sum("listCost"), 0)::text AS list, count(*)::text AS records, (count(*) FILTER (WHERE unpriced))::text AS unpriced,
       coalesce(sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "cacheWrite1hInputTokens" + "outputTokens"), 0)::text AS tokens
     FROM usage_record WHERE "orgId" = $1 AND ($2::text IS NULL OR provider = $2) AND ($3::text IS NULL OR "uploadId" = $3)`,
    [orgId, where.provider ?? null, where.uploadId ?? null],
  );
  const row = rows[0]!;
  // numeric::text keeps trailing zeros; compare as canonical decimals.
  const canonical = (value: string) => value.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return {
    billed: canonical(row.billed),
    estimated: canonical(row.estimated),
    list: canonical(row.list),
    records: Number(row.records),
    unpriced: Number(row.unpriced),
    tokens: Number(row.tokens),
  };
}

export async function assertRollupsMatchFacts(orgId: string): Promise<void> {
  const query = async (sql: string) => (await pool.query(sql, [orgId])).rows;
  // Both rollups: daily_usage, and daily_usage_detail with project, API key and provider user as well.
  for (const detail of [false, true]) {
    const extraFacts = detail ? `, coalesce(project, '') AS project, coalesce("apiKey", '') AS api_key, coalesce("providerUser", '') AS provider_user` : "";
    const extraRollup = detail ? `, project, "apiKey" AS api_key, "providerUser" AS provider_user` : "";
    const keys = detail ? "1, 2, 3, 4, 5, 6, 7, 8, 9, 10" : "1, 2, 3, 4, 5, 6, 7";
    const fromFacts = await query(`
      SELECT "usageDate"::text AS day, provider, coalesce(model, '') AS model, coalesce("teamId", '') AS team,
        coalesce("workflowId", '') AS workflow, coalesce("serviceTier", '') AS tier, currency${extraFacts}, count(*)::int AS records,
        sum("uncachedInputTokens")::text AS uncached, sum("cacheReadInputTokens")::text AS cache_read,
        sum("cacheWrite5mInputTokens")::text AS write5m, sum("cacheWrite1hInputTokens")::text AS write1h,
        sum("outputTokens")::text AS output, sum(requests)::text AS requests,
        coalesce(sum("billedCost"), 0)::numeric(32,14)::text AS billed, coalesce(sum("estimatedCost"), 0)::numeric(32,14)::text AS estimated,
        coalesce(sum(coalesce("billedCost", "estimatedCost")), 0)::numeric(32,14)::text AS effective,
        coalesce(sum("listCost"), 0)::numeric(32,14)::text AS list, count("billedCost")::int AS billed_records,
        count("estimatedCost")::int AS estimated_records, (count(*) FILTER (WHERE unpriced))::int AS unpriced_records,
        coalesce(sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "cacheWrite1hInputTokens" + "outputTokens") FILTER (WHERE unpriced), 0)::text AS unpriced_tokens
      FROM usage_record WHERE "orgId" = $1 GROUP BY ${keys} ORDER BY ${keys}`);
    const rollups = await query(`
      SELECT day::text AS day, provider, model, "teamId" AS team, "workflowId" AS workflow, "serviceTier" AS tier, currency${extraRollup},
        records::int AS records, "uncachedInputTokens"::text AS uncached, "cacheReadInputTokens"::text AS cache_read,
        "cacheWrite5mInputTokens"::text AS write5m, "cacheWrite1hInputTokens"::text AS write1h, "outputTokens"::text AS output,
        requests::text AS requests, "billedCost"::numeric(32,14)::text AS billed, "estimatedCost"::numeric(32,14)::text AS estimated,
        "effectiveCost"::numeric(32,14)::text AS effective, "listCost"::numeric(32,14)::text AS list,
        "billedRecords"::int AS billed_records, "estimatedRecords"::int AS estimated_records,
        "unpricedRecords"::int AS unpriced_records, "unpricedTokens"::text AS unpriced_tokens
      FROM ${detail ? "daily_usage_detail" : "daily_usage"} WHERE "orgId" = $1 ORDER BY ${keys}`);
    expect(rollups, detail ? "daily_usage_detail" : "daily_usage").toEqual(fromFacts);
  }
}
