import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";

// The set-based half of ingestion: a temporary staging table filled by COPY, one upsert into usage_record, and
// the daily rollups of the affected days recomputed from the facts, all inside the caller's transaction.

export const STAGING_COLUMNS = [
  "natural_key uuid",
  "source_row int",
  "period_start timestamptz",
  "period_end timestamptz",
  "usage_date date",
  "provider text",
  "service text",
  "model text",
  "model_raw text",
  "service_tier text",
  "project text",
  "api_key text",
  "provider_user text",
  "tags jsonb",
  "context_tier text",
  "team_id text",
  "workflow_id text",
  "uncached_input_tokens bigint",
  "cache_read_input_tokens bigint",
  "cache_write_5m_input_tokens bigint",
  "cache_write_1h_input_tokens bigint",
  "output_tokens bigint",
  "reasoning_tokens bigint",
  "requests bigint",
  "other_units numeric",
  "other_unit text",
  "billed_cost numeric",
  "estimated_cost numeric",
  "list_cost numeric",
  "unpriced boolean",
  "priced_model text",
  "attributed_by text",
  "currency text",
  "charge_category text",
] as const;

export const STAGING_TABLE = "ingest_staging";

export async function createStaging(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${STAGING_TABLE} (${STAGING_COLUMNS.join(", ")}) ON COMMIT DROP`);
}

export const COPY_STAGING_SQL = `COPY ${STAGING_TABLE} FROM STDIN`;

const FACT_COLUMNS = `"orgId", "naturalKey", "sourceRow", "periodStart", "periodEnd", "usageDate", "provider", "service", "model",
  "modelRaw", "serviceTier", "project", "apiKey", "providerUser", "tags", "contextTier", "teamId", "workflowId",
  "uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens", "outputTokens",
  "reasoningTokens", "requests", "otherUnits", "otherUnit", "billedCost", "estimatedCost", "listCost", "unpriced",
  "pricedModel", "attributedBy", "currency", "chargeCategory", "sourceKind", "uploadId", "connectionId", "sourceRef", "createdAt", "updatedAt"`;

const UPDATE_ON_CONFLICT = `ON CONFLICT ("orgId", "naturalKey") DO UPDATE SET
  "sourceRow" = EXCLUDED."sourceRow", "periodStart" = EXCLUDED."periodStart", "periodEnd" = EXCLUDED."periodEnd",
  "usageDate" = EXCLUDED."usageDate", "provider" = EXCLUDED."provider", "service" = EXCLUDED."service",
  "model" = EXCLUDED."model", "modelRaw" = EXCLUDED."modelRaw", "serviceTier" = EXCLUDED."serviceTier",
  "project" = EXCLUDED."project", "apiKey" = EXCLUDED."apiKey", "providerUser" = EXCLUDED."providerUser",
  "tags" = EXCLUDED."tags", "contextTier" = EXCLUDED."contextTier", "teamId" = EXCLUDED."teamId", "workflowId" = EXCLUDED."workflowId",
  "uncachedInputTokens" = EXCLUDED."uncachedInputTokens", "cacheReadInputTokens" = EXCLUDED."cacheReadInputTokens",
  "cacheWrite5mInputTokens" = EXCLUDED."cacheWrite5mInputTokens", "cacheWrite1hInputTokens" = EXCLUDED."cacheWrite1hInputTokens",
  "outputTokens" = EXCLUDED."outputTokens", "reasoningTokens" = EXCLUDED."reasoningTokens", "requests" = EXCLUDED."requests",
  "otherUnits" = EXCLUDED."otherUnits", "otherUnit" = EXCLUDED."otherUnit", "billedCost" = EXCLUDED."billedCost",
  "estimatedCost" = EXCLUDED."estimatedCost", "listCost" = EXCLUDED."listCost", "unpriced" = EXCLUDED."unpriced",
  "pricedModel" = EXCLUDED."pricedModel", "attributedBy" = EXCLUDED."attributedBy", "currency" = EXCLUDED."currency", "chargeCategory" = EXCLUDED."chargeCategory",
  "sourceKind" = EXCLUDED."sourceKind", "uploadId" = EXCLUDED."uploadId", "connectionId" = EXCLUDED."connectionId",
  "sourceRef" = EXCLUDED."sourceRef", "updatedAt" = now()`;

export type Source = { kind: "UPLOAD" | "CONNECTION" | "PUSH"; uploadId: string | null; connectionId: string | null; ref: string | null };

const SOURCE_VALUES = `$2::"SourceKind", $3, $4, $5, now(), now()`;

/** One row per staging row: the fast path, when no natural key repeats within the file. */
const UPSERT_PLAIN = `INSERT INTO usage_record (${FACT_COLUMNS})
SELECT $1, natural_key, source_row, period_start, period_end, usage_date, provider, service, model, model_raw, service_tier,
  project, api_key, provider_user, tags, context_tier, team_id, workflow_id, uncached_input_tokens, cache_read_input_tokens,
  cache_write_5m_input_tokens, cache_write_1h_input_tokens, output_tokens, reasoning_tokens, requests, other_units,
  other_unit, billed_cost, estimated_cost, list_cost, unpriced, priced_model, attributed_by, currency, upper(charge_category)::"ChargeCategory", ${SOURCE_VALUES}
FROM ${STAGING_TABLE}
${UPDATE_ON_CONFLICT}`;

/**
 * Rows of one file with the same natural key are the same usage reported in parts (e.g. two identical FOCUS
 * lines): they are summed, so no cost is lost and a re-import still lands on one record.
 */
const UPSERT_SUMMED = `INSERT INTO usage_record (${FACT_COLUMNS})
SELECT $1, natural_key, min(source_row), min(period_start), max(period_end), min(usage_date), min(provider), min(service),
  min(model), min(model_raw), min(service_tier), min(project), min(api_key), min(provider_user),
  (array_agg(tags ORDER BY source_row))[1], min(context_tier), min(team_id), min(workflow_id), sum(uncached_input_tokens),
  sum(cache_read_input_tokens), sum(cache_write_5m_input_tokens), sum(cache_write_1h_input_tokens), sum(output_tokens),
  sum(reasoning_tokens), sum(requests), sum(other_units), min(other_unit), sum(billed_cost),
  -- Summed parts are priced separately: an estimate exists only if every part has one.
  CASE WHEN bool_or(unpriced) THEN NULL ELSE sum(estimated_cost) END, CASE WHEN bool_or(unpriced) THEN NULL ELSE sum(list_cost) END,
  bool_or(unpriced), min(priced_model), min(attributed_by), min(currency), upper(min(charge_category))::"ChargeCategory", ${SOURCE_VALUES}
FROM ${STAGING_TABLE}
GROUP BY natural_key
${UPDATE_ON_CONFLICT}`;

export async function upsertStaging(client: PoolClient, orgId: string, source: Source): Promise<{ records: number; summed: boolean }> {
  const values = [orgId, source.kind, source.uploadId, source.connectionId, source.ref];
  await client.query("SAVEPOINT ingest_upsert");
  try {
    const result = await client.query(UPSERT_PLAIN, values);
    await client.query("RELEASE SAVEPOINT ingest_upsert");
    return { records: result.rowCount ?? 0, summed: false };
  } catch (error) {
    // 21000: "ON CONFLICT DO UPDATE command cannot affect row a second time" — the file repeats a key.
    if ((error as { code?: string }).code !== "21000") throw error;
    await client.query("ROLLBACK TO SAVEPOINT ingest_upsert");
    const result = await client.query(UPSERT_SUMMED, values);
    return { records: result.rowCount ?? 0, summed: true };
  }
}

/**
 * The two daily rollups: daily_usage by the dimensions dashboards group by, and daily_usage_detail with the
 * provider's own (project, API key, user) as well, for the explorer. Both are kept with the facts, in the same
 * transaction, and both are sums the facts can always rebuild.
 */
const ROLLUP_TABLES = [
  { table: "daily_usage", detail: false },
  { table: "daily_usage_detail", detail: true },
] as const;

const DETAIL_DIMENSIONS = `, project, "apiKey", "providerUser"`;
const DETAIL_FROM_FACTS = `, coalesce(project, ''), coalesce("apiKey", ''), coalesce("providerUser", '')`;

/** Recomputes the daily rollups of the given days from the facts: rollups can never drift from what they sum. */
export async function rebuildRollups(client: PoolClient, orgId: string, days: readonly string[] | "all"): Promise<void> {
  const dayFilter = days === "all" ? "" : `AND day = ANY($2::date[])`;
  const factFilter = days === "all" ? "" : `AND "usageDate" = ANY($2::date[])`;
  const values = days === "all" ? [orgId] : [orgId, days];
  if (days !== "all" && days.length === 0) return;
  for (const { table, detail } of ROLLUP_TABLES) {
    await client.query(`DELETE FROM ${table} WHERE "orgId" = $1 ${dayFilter}`, values);
    await client.query(
      `INSERT INTO ${table} ("orgId", day, provider, model, "teamId", "workflowId", "serviceTier", currency${detail ? DETAIL_DIMENSIONS : ""}, records,
         "uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens", "outputTokens",
         "reasoningTokens", requests, "billedCost", "estimatedCost", "effectiveCost", "billedRecords", "estimatedRecords",
         "listCost", "unpricedRecords", "unpricedTokens")
       SELECT "orgId", "usageDate", provider, coalesce(model, ''), coalesce("teamId", ''), coalesce("workflowId", ''),
         coalesce("serviceTier", ''), currency${detail ? DETAIL_FROM_FACTS : ""}, count(*), sum("uncachedInputTokens"), sum("cacheReadInputTokens"),
         sum("cacheWrite5mInputTokens"), sum("cacheWrite1hInputTokens"), sum("outputTokens"), sum("reasoningTokens"),
         sum(requests), coalesce(sum("billedCost"), 0), coalesce(sum("estimatedCost"), 0),
         coalesce(sum(coalesce("billedCost", "estimatedCost")), 0), count("billedCost"), count("estimatedCost"),
         coalesce(sum("listCost"), 0), count(*) FILTER (WHERE unpriced),
         coalesce(sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "cacheWrite1hInputTokens" + "outputTokens") FILTER (WHERE unpriced), 0)
       FROM usage_record
       WHERE "orgId" = $1 ${factFilter}
       GROUP BY "orgId", "usageDate", provider, coalesce(model, ''), coalesce("teamId", ''), coalesce("workflowId", ''),
         coalesce("serviceTier", ''), currency${detail ? DETAIL_FROM_FACTS : ""}`,
      values,
    );
  }
}

/** Serializes ledger writes of one organization (imports, deletes, re-rates) without blocking other tenants. */
export async function lockOrganizationLedger(client: PoolClient, orgId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('ledger:' || $1, 0))`, [orgId]);
}

/**
 * Deletes one upload's records (those it last wrote) and rebuilds the days they were on. Its records lie within
 * its period (a day either side for time zones), which the (orgId, usageDate) index finds.
 */
export async function deleteUploadRecords(client: PoolClient, orgId: string, uploadId: string, period: { start: Date; end: Date } | null) {
  if (!period) return [];
  const { rows } = await client.query<{ day: string; records: string; currency: string; billed: string | null; estimated: string | null }>(
    `WITH deleted AS (
       DELETE FROM usage_record
       WHERE "orgId" = $1 AND "usageDate" BETWEEN ($3::timestamptz::date - 1) AND ($4::timestamptz::date + 1) AND "uploadId" = $2
       RETURNING "usageDate", currency, "billedCost", "estimatedCost"
     )
     SELECT to_char("usageDate", 'YYYY-MM-DD') AS day, count(*)::text AS records, currency,
       sum("billedCost")::text AS billed, sum("estimatedCost")::text AS estimated
     FROM deleted GROUP BY 1, currency`,
    [orgId, uploadId, period.start, period.end],
  );
  await rebuildRollups(client, orgId, [...new Set(rows.map((row) => row.day))]);
  return rows;
}

/** Columns of a direct COPY into usage_record (createdAt and updatedAt take their defaults). */
export const DIRECT_COPY_SQL = `COPY usage_record ("orgId", "naturalKey", "sourceRow", "periodStart", "periodEnd", "usageDate", "provider",
  "service", "model", "modelRaw", "serviceTier", "project", "apiKey", "providerUser", "tags", "contextTier", "teamId",
  "workflowId", "uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens",
  "outputTokens", "reasoningTokens", "requests", "otherUnits", "otherUnit", "billedCost", "estimatedCost", "listCost",
  "unpriced", "pricedModel", "attributedBy", "currency", "chargeCategory", "sourceKind", "uploadId", "connectionId", "sourceRef") FROM STDIN`;

export type RollupDelta = {
  day: string;
  provider: string;
  model: string;
  teamId: string;
  workflowId: string;
  serviceTier: string;
  currency: string;
  project: string;
  apiKey: string;
  providerUser: string;
  records: number;
  tokens: [number, number, number, number, number, number];
  requests: number;
  billed: string;
  estimated: string;
  effective: string;
  list: string;
  billedRecords: number;
  estimatedRecords: number;
  unpricedRecords: number;
  unpricedTokens: number;
};

const MEASURES = [
  "records",
  "uncachedInputTokens",
  "cacheReadInputTokens",
  "cacheWrite5mInputTokens",
  "cacheWrite1hInputTokens",
  "outputTokens",
  "reasoningTokens",
  "requests",
  "billedCost",
  "estimatedCost",
  "effectiveCost",
  "billedRecords",
  "estimatedRecords",
  "listCost",
  "unpricedRecords",
  "unpricedTokens",
] as const;

const DELTA_TABLE = `CREATE TEMP TABLE IF NOT EXISTS rollup_delta (
  day date, provider text, model text, "teamId" text, "workflowId" text, "serviceTier" text, currency text,
  project text, "apiKey" text, "providerUser" text, records bigint, "uncachedInputTokens" bigint, "cacheReadInputTokens" bigint,
  "cacheWrite5mInputTokens" bigint, "cacheWrite1hInputTokens" bigint, "outputTokens" bigint, "reasoningTokens" bigint, requests bigint,
  "billedCost" numeric, "estimatedCost" numeric, "effectiveCost" numeric, "billedRecords" bigint, "estimatedRecords" bigint,
  "listCost" numeric, "unpricedRecords" bigint, "unpricedTokens" bigint
) ON COMMIT DROP`;

const deltaCell = (value: string) => (/[\\\t\n\r]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value);

/**
 * Adds sums of newly inserted records to both rollups (only valid when every record was new): the deltas are
 * COPYed into a temporary table once, added to daily_usage_detail as they are and to daily_usage grouped.
 */
export async function addToRollups(client: PoolClient, orgId: string, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await client.query(DELTA_TABLE);
  let lines = "";
  for (const delta of deltas) {
    lines +=
      [delta.day, delta.provider, delta.model, delta.teamId, delta.workflowId, delta.serviceTier, delta.currency, delta.project, delta.apiKey, delta.providerUser]
        .map(deltaCell)
        .join("\t") +
      `\t${delta.records}\t${delta.tokens.join("\t")}\t${delta.requests}\t${delta.billed}\t${delta.estimated}\t${delta.effective}\t${delta.billedRecords}` +
      `\t${delta.estimatedRecords}\t${delta.list}\t${delta.unpricedRecords}\t${delta.unpricedTokens}\n`;
  }
  const copy = client.query(copyFrom("COPY rollup_delta FROM STDIN"));
  await new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
    copy.end(lines);
  });
  const columns = MEASURES.map((name) => `"${name}"`).join(", ");
  for (const { table, detail } of ROLLUP_TABLES) {
    const key = `day, provider, model, "teamId", "workflowId", "serviceTier", currency${detail ? DETAIL_DIMENSIONS : ""}`;
    await client.query(
      `INSERT INTO ${table} ("orgId", ${key}, ${columns})
       SELECT $1, ${key}, ${detail ? columns : MEASURES.map((name) => `sum("${name}")`).join(", ")} FROM rollup_delta ${detail ? "" : `GROUP BY ${key}`}
       ON CONFLICT ("orgId", ${key}) DO UPDATE SET ${MEASURES.map((name) => `"${name}" = ${table}."${name}" + EXCLUDED."${name}"`).join(", ")}`,
      [orgId],
    );
  }
  await client.query("TRUNCATE rollup_delta");
}

/**
 * Fresh planner statistics after a large write. Autovacuum analyzes on its own schedule (and some installs turn it
 * down); until it does, a first import leaves the planner believing the rollups hold one row, and it then picks
 * nested loops that take seconds instead of milliseconds (the spend engine's per-day billed join). ANALYZE samples
 * (about 30,000 rows whatever the table's size), so it stays cheap on ten million facts.
 */
export async function refreshStatistics(client: Pick<PoolClient, "query">, rowsWritten: number): Promise<void> {
  if (rowsWritten < ANALYZE_AFTER_ROWS) return;
  await client.query(`ANALYZE daily_usage, daily_usage_detail, usage_record`);
}
const ANALYZE_AFTER_ROWS = 500;
