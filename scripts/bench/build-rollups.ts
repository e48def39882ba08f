import type pg from "pg";
import { tuneSession } from "./generate-usage.ts";

// The benchmark organization's daily rollups, recomputed from its facts with one INSERT … SELECT … GROUP BY per
// table: the aggregation of rebuildRollups in lib/ingest/ledger-sql.ts over all days, and for daily_usage_detail the
// same grouped also by project, API key and provider user ("" for null). The two run at once on two connections.

const MEASURES = `"uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens", "outputTokens",
  "reasoningTokens", requests, "billedCost", "estimatedCost", "effectiveCost", "billedRecords", "estimatedRecords",
  "listCost", "unpricedRecords", "unpricedTokens"`;

const SUMS = `count(*), sum("uncachedInputTokens"), sum("cacheReadInputTokens"),
  sum("cacheWrite5mInputTokens"), sum("cacheWrite1hInputTokens"), sum("outputTokens"), sum("reasoningTokens"),
  sum(requests), coalesce(sum("billedCost"), 0), coalesce(sum("estimatedCost"), 0),
  coalesce(sum(coalesce("billedCost", "estimatedCost")), 0), count("billedCost"), count("estimatedCost"),
  coalesce(sum("listCost"), 0), count(*) FILTER (WHERE unpriced),
  coalesce(sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "cacheWrite1hInputTokens" + "outputTokens") FILTER (WHERE unpriced), 0)`;

const DAILY_KEY = `"orgId", "usageDate", provider, coalesce(model, ''), coalesce("teamId", ''), coalesce("workflowId", ''),
  coalesce("serviceTier", ''), currency`;
const DETAIL_KEY = `${DAILY_KEY}, coalesce(project, ''), coalesce("apiKey", ''), coalesce("providerUser", '')`;

export const ROLLUP_SQL = {
  daily_usage: `INSERT INTO daily_usage ("orgId", day, provider, model, "teamId", "workflowId", "serviceTier", currency, records, ${MEASURES})
    SELECT ${DAILY_KEY}, ${SUMS}
    FROM usage_record WHERE "orgId" = $1
    GROUP BY ${DAILY_KEY}`,
  daily_usage_detail: `INSERT INTO daily_usage_detail ("orgId", day, provider, model, "teamId", "workflowId", "serviceTier", currency,
      project, "apiKey", "providerUser", records, ${MEASURES})
    SELECT ${DETAIL_KEY}, ${SUMS}
    FROM usage_record WHERE "orgId" = $1
    GROUP BY ${DETAIL_KEY}`,
} as const;

export type RollupTable = keyof typeof ROLLUP_SQL;

export async function buildRollups(
  pool: pg.Pool,
  orgId: string,
  workMem: string,
  onTable: (table: RollupTable, rows: number, seconds: number) => void,
): Promise<Record<RollupTable, number>> {
  const counts = { daily_usage: 0, daily_usage_detail: 0 };
  await Promise.all(
    (Object.keys(ROLLUP_SQL) as RollupTable[]).map(async (table) => {
      const client = await pool.connect();
      try {
        await tuneSession(client, workMem);
        const started = performance.now();
        await client.query("BEGIN");
        await client.query(`DELETE FROM ${table} WHERE "orgId" = $1`, [orgId]);
        const result = await client.query(ROLLUP_SQL[table], [orgId]);
        await client.query("COMMIT");
        counts[table] = result.rowCount ?? 0;
        onTable(table, counts[table], (performance.now() - started) / 1000);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }),
  );
  return counts;
}

/** Whether both rollups hold exactly the facts' records (a run cut short during the rollups leaves them behind). */
export async function rollupsMatch(client: pg.ClientBase, orgId: string, records: number): Promise<boolean> {
  const { rows } = await client.query<{ daily: string | null; detail: string | null }>(
    `SELECT (SELECT sum(records) FROM daily_usage WHERE "orgId" = $1)::text AS daily,
       (SELECT sum(records) FROM daily_usage_detail WHERE "orgId" = $1)::text AS detail`,
    [orgId],
  );
  return Number(rows[0]!.daily ?? 0) === records && Number(rows[0]!.detail ?? 0) === records;
}
