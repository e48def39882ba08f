import type pg from "pg";
import { SLOTS, type UsageDay, type UsageShape } from "./build-usage-shape.ts";

// Writes the benchmark ledger set-based: each chunk of days is one INSERT … SELECT over generate_series, every
// record's values drawn from hashint8extended(row number, seed), so a rerun with the same seed writes the same
// ledger. Session tables carry the shape: bench_stream (project, key, user, team, workflow, tags, token profile,
// hour order), bench_slot (65,536 hash slots, each a stream's, in proportion to its volume) and bench_model (per
// day and provider, the model and tier mix with the catalog's prices of that day). Costs are numeric throughout:
// tokens × price per million × 0.000001, stored at the ledger's 14 places (rounded half away from zero, as
// lib/pricing/pricer.ts rounds).

/** Session settings for the big statements: hash joins and aggregates in memory, no wait for the WAL flush. */
export async function tuneSession(client: pg.ClientBase, workMem: string): Promise<void> {
  await client.query(`SET work_mem = '${workMem}'`);
  await client.query("SET synchronous_commit = off");
}

export async function createShapeTables(client: pg.PoolClient, shape: UsageShape): Promise<void> {
  await client.query("DROP TABLE IF EXISTS pg_temp.bench_slot, pg_temp.bench_stream, pg_temp.bench_model");
  await client.query(
    `CREATE TEMP TABLE bench_stream AS
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(stream int, slot_lo int, slot_hi int, provider text, service text, project text,
       api_key text, provider_user text, tags jsonb, team_id text, workflow_id text, attributed_by text, model_u int,
       req_mean float8, in_per_req float8, out_per_req float8, cache_share float8, billed boolean, hours int[])`,
    [JSON.stringify(shape.streams)],
  );
  await client.query(`CREATE TEMP TABLE bench_slot AS SELECT slot, stream FROM bench_stream CROSS JOIN LATERAL generate_series(slot_lo, slot_hi - 1) AS slot`);
  // The catalog row of each day, model and tier, as the pricer picks it: the tier's own row, else (batch, flex)
  // the standard row × the provider's multiplier; cache writes without a price cost what uncached input costs
  // (a one-hour write what a five-minute one costs); then the contract discount, truncated at 12 places like
  // the pricer's fixed point. Weights are normalized per day and provider into slices of 0–9999.
  await client.query(
    `CREATE TEMP TABLE bench_model AS
     WITH days AS (
       SELECT day::date AS day, (day::date - $2::date)::float8 / 364 AS t FROM generate_series($2::date, $3::date, interval '1 day') AS day
     ), combos AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(ord int, provider text, model text, model_raw text, catalog_model text, tier text,
         weight_start float8, weight_end float8, reasoning boolean, embedding boolean, cache_write boolean, multiplier numeric,
         discount numeric, discount_from date)
     ), priced AS (
       SELECT d.day, c.*, c.weight_start + (c.weight_end - c.weight_start) * d.t AS weight,
         CASE WHEN p.exact THEN 1 ELSE c.multiplier END AS scale,
         CASE WHEN c.discount IS NOT NULL AND d.day >= c.discount_from THEN c.discount END AS off,
         p.uncached, p.cache_read, coalesce(p.cache_write_5m, p.uncached) AS cache_write_5m,
         coalesce(p.cache_write_1h, p.cache_write_5m, p.uncached) AS cache_write_1h, p.output
       FROM days d CROSS JOIN combos c
       LEFT JOIN LATERAL (
         SELECT pe."serviceTier" = c.tier AS exact, pe."uncachedInputPerMillion" AS uncached, pe."cacheReadPerMillion" AS cache_read,
           pe."cacheWrite5mPerMillion" AS cache_write_5m, pe."cacheWrite1hPerMillion" AS cache_write_1h, pe."outputPerMillion" AS output
         FROM price_entry pe
         WHERE pe.provider = c.provider AND pe.model = c.catalog_model AND pe."contextTier" = '' AND pe."serviceTier" IN (c.tier, 'standard')
           AND pe."validFrom" <= d.day AND (pe."validTo" IS NULL OR d.day < pe."validTo") AND pe.currency = 'USD'
         ORDER BY pe."serviceTier" = c.tier DESC
         LIMIT 1
       ) p ON true
       WHERE c.catalog_model IS NULL
         OR (p.uncached IS NOT NULL AND p.output IS NOT NULL AND (p.exact OR c.tier IN ('batch', 'flex')))
     ), list AS (
       SELECT priced.*,
         trunc(uncached * scale, 12) AS list_uncached, trunc(cache_read * scale, 12) AS list_cache_read,
         trunc(cache_write_5m * scale, 12) AS list_cache_write_5m, trunc(cache_write_1h * scale, 12) AS list_cache_write_1h,
         trunc(output * scale, 12) AS list_output
       FROM priced WHERE weight > 0
     ), sliced AS (
       SELECT list.*,
         CASE WHEN row_number() OVER w_desc = 1 THEN 10000
           ELSE floor(10000 * sum(weight) OVER w / sum(weight) OVER (PARTITION BY day, provider))::int END AS hi
       FROM list
       WINDOW w AS (PARTITION BY day, provider ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         w_desc AS (PARTITION BY day, provider ORDER BY ord DESC)
     )
     SELECT day, provider, coalesce(lag(hi) OVER (PARTITION BY day, provider ORDER BY ord), 0) AS lo, hi,
       model, model_raw, tier, catalog_model IS NULL AS unpriced,
       CASE WHEN catalog_model IS NOT NULL THEN provider || '/' || catalog_model END AS priced_model,
       reasoning, embedding, cache_write, list_cache_read IS NOT NULL AS cache_read,
       list_uncached, coalesce(list_cache_read, 0) AS list_cache_read, list_cache_write_5m, list_cache_write_1h, list_output,
       off IS NOT NULL AS discounted,
       trunc(list_uncached * (100 - off) * 0.01, 12) AS est_uncached, trunc(coalesce(list_cache_read, 0) * (100 - off) * 0.01, 12) AS est_cache_read,
       trunc(list_cache_write_5m * (100 - off) * 0.01, 12) AS est_cache_write_5m, trunc(list_cache_write_1h * (100 - off) * 0.01, 12) AS est_cache_write_1h,
       trunc(list_output * (100 - off) * 0.01, 12) AS est_output
     FROM sliced`,
    [JSON.stringify(shape.combos), shape.firstDay, shape.lastDay],
  );
  await client.query("DELETE FROM bench_model WHERE lo >= hi");
  await client.query("ANALYZE bench_slot");
  await client.query("ANALYZE bench_stream");
  await client.query("ANALYZE bench_model");
}

/** Every provider needs a model on every day, or its records of that day would be lost in the join. */
export async function checkModelCoverage(client: pg.PoolClient, shape: UsageShape): Promise<void> {
  const { rows } = await client.query<{ day: string; provider: string }>(
    `SELECT to_char(d::date, 'YYYY-MM-DD') AS day, p.provider
     FROM generate_series($1::date, $2::date, interval '1 day') AS d
     CROSS JOIN (SELECT DISTINCT provider FROM bench_stream) AS p
     WHERE NOT EXISTS (SELECT 1 FROM bench_model m WHERE m.day = d::date AND m.provider = p.provider AND m.lo = 0)
        OR NOT EXISTS (SELECT 1 FROM bench_model m WHERE m.day = d::date AND m.provider = p.provider AND m.hi = 10000)
     LIMIT 5`,
    [shape.firstDay, shape.lastDay],
  );
  if (rows.length) throw new Error(`no priced model for ${rows.map((row) => `${row.provider} on ${row.day}`).join(", ")}: is the price catalog loaded?`);
}

export const INSERT_CHUNK_SQL = `INSERT INTO usage_record ("orgId", "naturalKey", "periodStart", "periodEnd", "usageDate",
  provider, service, model, "modelRaw", "serviceTier", project, "apiKey", "providerUser", tags, "teamId", "workflowId",
  "uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens", "outputTokens",
  "reasoningTokens", requests, "billedCost", "estimatedCost", "listCost", unpriced, "pricedModel", "attributedBy", currency,
  "chargeCategory", "sourceKind", "sourceRef")
SELECT $1, natural_key, period_start, period_start + interval '1 hour', day, provider, service, model, model_raw, tier, project,
  api_key, provider_user, tags, team_id, workflow_id, uncached, cache_read, cache_write_5m, cache_write_1h, output, reasoning,
  requests,
  -- Cloud bills state the cost to 10 places.
  CASE WHEN billed THEN round(estimated, 10) END, estimated, list, unpriced, priced_model, attributed_by, 'USD', 'USAGE', 'UPLOAD', 'bench-seed'
FROM (
  SELECT e.*,
    CASE WHEN NOT discounted THEN list
      WHEN NOT unpriced THEN (uncached * est_uncached + cache_read * est_cache_read + cache_write_5m * est_cache_write_5m
        + cache_write_1h * est_cache_write_1h + output * est_output) * 0.000001 END AS estimated
  FROM (
    SELECT d.*,
      CASE WHEN NOT unpriced THEN (uncached * list_uncached + cache_read * list_cache_read + cache_write_5m * list_cache_write_5m
        + cache_write_1h * list_cache_write_1h + output * list_output) * 0.000001 END AS list
    FROM (
      SELECT c.*, input - cache_read - cache_write_5m - cache_write_1h AS uncached
      FROM (
        SELECT b.*,
          CASE WHEN cache_read_priced AND NOT embedding THEN floor(input * least(cache_share * (0.4 + 1.2 * u_cache), 0.9))::bigint ELSE 0 END AS cache_read,
          CASE WHEN cache_write THEN floor(input * 0.05 * u_write)::bigint ELSE 0 END AS cache_write_5m,
          -- One-hour cache writes on about one record in eight of the models that have them.
          CASE WHEN cache_write AND u_write_1h < 0.125 THEN floor(input * 0.32 * u_write_1h)::bigint ELSE 0 END AS cache_write_1h,
          CASE WHEN reasoning_model THEN floor(output * (0.2 + 0.5 * u_reasoning))::bigint ELSE 0 END AS reasoning
        FROM (
          SELECT a.*,
            floor(requests * in_per_req * (0.6 + 0.8 * u_input))::bigint AS input,
            CASE WHEN embedding THEN 0 ELSE floor(requests * out_per_req * (0.5 + u_output))::bigint END AS output
          FROM (
            SELECT g.day,
              -- Unique by construction and increasing with the row number, shaped like a UUIDv7 (48-bit millisecond
              -- time, version 7, variant, random bits): the primary key index grows at its right edge, as it does
              -- for time-ordered keys, instead of every insert touching a random leaf of a 10-million-entry index.
              (lpad(to_hex(g.ms), 12, '0') || '7' || lpad(to_hex(g.h2 & 4095), 3, '0') || to_hex(8 | ((g.h2 >> 12) & 3))
                || lpad(to_hex((g.h2 >> 14) & 1152921504606846975), 15, '0'))::uuid AS natural_key,
              -- The stream's n-th record of the day takes the n-th hour of its order: one record per stream and hour.
              g.day_start + s.hours[1 + (g.nth - 1) % 24] * interval '1 hour' AS period_start,
              -- Requests of an hourly record: exponential around the stream's mean (a long tail of busy hours).
              1 + floor(s.req_mean * -ln((((g.h1 >> 32) & 65535) + 0.5) / 65536.0))::bigint AS requests,
              ((g.h1 >> 48) & 65535) / 65536.0 AS u_input,
              ((g.h1 >> 16) & 65535) / 65536.0 AS u_write_1h,
              (g.h2 & 65535) / 65536.0 AS u_cache,
              ((g.h2 >> 16) & 65535) / 65536.0 AS u_write,
              ((g.h2 >> 32) & 65535) / 65536.0 AS u_output,
              ((g.h2 >> 48) & 65535) / 65536.0 AS u_reasoning,
              s.provider, s.service, s.project, s.api_key, s.provider_user, s.tags, s.team_id, s.workflow_id, s.attributed_by,
              s.billed, s.in_per_req, s.out_per_req, s.cache_share, m.model, m.model_raw, m.tier, m.unpriced, m.priced_model,
              m.reasoning AS reasoning_model, m.embedding, m.cache_write, m.cache_read AS cache_read_priced, m.discounted,
              m.list_uncached, m.list_cache_read, m.list_cache_write_5m, m.list_cache_write_1h, m.list_output, m.est_uncached,
              m.est_cache_read, m.est_cache_write_5m, m.est_cache_write_1h, m.est_output
            FROM (
              SELECT r.*, row_number() OVER (PARTITION BY r.day, r.stream ORDER BY r.i) AS nth
              FROM (
                SELECT h.*, slot.stream
                FROM (
                  SELECT span.day, span.day_start, i, hashint8extended(i, $2) AS h1, hashint8extended(i, $2 + 1) AS h2,
                    (extract(epoch FROM span.day_start) * 1000)::bigint + (i - span.first) AS ms
                  FROM unnest($3::date[], $4::timestamptz[], $5::bigint[], $6::bigint[]) AS span(day, day_start, first, count)
                  CROSS JOIN LATERAL generate_series(span.first, span.first + span.count - 1) AS i
                  OFFSET 0
                ) h
                JOIN bench_slot slot ON slot.slot = (h.h1 & ${SLOTS - 1})
              ) r
            ) g
            JOIN bench_stream s ON s.stream = g.stream
            JOIN bench_model m ON m.day = g.day AND m.provider = s.provider AND s.model_u >= m.lo AND s.model_u < m.hi
            OFFSET 0
          ) a
          OFFSET 0
        ) b
        OFFSET 0
      ) c
      OFFSET 0
    ) d
    OFFSET 0
  ) e
) f`;

export type ChunkResult = { days: UsageDay[]; rows: number; seconds: number };

/** Days grouped into chunks of about `rows` records (whole days). */
export function chunkDays(days: readonly UsageDay[], rows: number): UsageDay[][] {
  const chunks: UsageDay[][] = [];
  let current: UsageDay[] = [];
  let size = 0;
  for (const day of days) {
    if (day.count === 0) continue;
    current.push(day);
    size += day.count;
    if (size >= rows) {
      chunks.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * Runs the chunks on `jobs` connections at once (Postgres runs each INSERT on one core), in day order, each in
 * its own transaction; reports each chunk as it commits.
 */
export async function generateUsage(
  pool: pg.Pool,
  options: { orgId: string; seed: number; shape: UsageShape; chunks: UsageDay[][]; jobs: number; workMem: string },
  onChunk: (result: ChunkResult) => void,
): Promise<void> {
  const sql = INSERT_CHUNK_SQL;
  let next = 0;
  let failed = false;
  const worker = async (index: number) => {
    const client = await pool.connect();
    try {
      await tuneSession(client, options.workMem);
      await createShapeTables(client, options.shape);
      if (index === 0) await checkModelCoverage(client, options.shape);
      while (next < options.chunks.length && !failed) {
        const days = options.chunks[next++]!;
        const expected = days.reduce((sum, day) => sum + day.count, 0);
        const started = performance.now();
        const result = await client.query(sql, [
          options.orgId,
          options.seed,
          days.map((day) => day.day),
          days.map((day) => `${day.day}T00:00:00Z`),
          days.map((day) => day.start),
          days.map((day) => day.count),
        ]);
        if (result.rowCount !== expected) throw new Error(`chunk ${days[0]!.day}: wrote ${result.rowCount} records, expected ${expected}`);
        onChunk({ days, rows: expected, seconds: (performance.now() - started) / 1000 });
      }
    } catch (error) {
      // The other connections stop after their current chunk; what was written stays (a rerun replaces it).
      failed = true;
      throw error;
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, options.chunks.length) }, (_, index) => worker(index)));
}
