import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import type { Pool } from "pg";
import { RowReader, ZERO_TOKENS } from "@/lib/ingest/fields";
import { lockOrganizationLedger } from "@/lib/ingest/ledger-sql";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { ingestInTransaction } from "@/lib/ingest/pipeline";
import type { FormatMapper, NormalizedUsage, ServiceTier } from "@/lib/ingest/types";
import type { IngestError, UsageEvent } from "@/lib/ingest/usage-events";
import { loadPricer } from "@/lib/pricing/load-pricer";
import { loadAttribution } from "@/lib/attribution/load";

// Pushed usage (POST /api/v1/usage, OTLP traces) into the ledger. Each event is kept by its id (usage_event), so
// the same event sent twice counts once; events with the same hour and dimensions make one hourly ledger record,
// recomputed from all its events whenever one arrives, and written through the same pipeline as every source.

const HOUR_MS = 3_600_000;

export type PushSource = "push" | "otlp";

export type PushResult = {
  /** Events written for the first time. */
  accepted: number;
  /** Events already received before (same eventId): not counted again. */
  duplicates: number;
  /** Events refused here (unknown team or workflow), with their index. */
  errors: IngestError[];
  /** Hourly ledger records written (inserted or updated). */
  records: number;
};

/** The dimensions that make events one record; cost-bearing and cost-less events are kept apart. */
function groupKeyOf(event: UsageEvent, hour: number): string {
  const tags = event.tags ? Object.fromEntries(Object.entries(event.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : null;
  const parts = [
    hour,
    event.provider,
    event.modelRaw,
    event.serviceTier,
    event.project,
    event.apiKey,
    event.user,
    event.team?.toLowerCase() ?? null,
    event.workflow?.toLowerCase() ?? null,
    tags,
    event.currency,
    event.cost !== null,
    event.serviceName,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** An hourly group of events, as the aggregation query returns it (all cells text). */
export const usageEventsMapper: FormatMapper = {
  id: "usage-events",
  label: "Pushed usage events",
  description: "POST /api/v1/usage and OTLP traces, aggregated per hour",
  periodColumn: "hour",
  detect: () => 0,
  map(row) {
    const reader = new RowReader(row);
    const start = reader.dateTime("hour", { required: true });
    const tokens = {
      ...ZERO_TOKENS,
      uncachedInputTokens: reader.count("uncached"),
      cacheReadInputTokens: reader.count("cache_read"),
      cacheWrite5mInputTokens: reader.count("cache_write_5m"),
      cacheWrite1hInputTokens: reader.count("cache_write_1h"),
      outputTokens: reader.count("output"),
      reasoningTokens: reader.count("reasoning"),
    };
    const requests = reader.count("requests");
    const cost = reader.decimal("cost");
    if (!reader.ok || !start) return { kind: "invalid", issues: reader.issues };
    const modelRaw = reader.text("model");
    const tags = reader.text("tags");
    const serviceName = reader.text("service_name");
    const record: NormalizedUsage = {
      periodStart: start,
      periodEnd: new Date(start.getTime() + HOUR_MS),
      provider: reader.text("provider")!,
      service: serviceName,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: (reader.text("service_tier") as ServiceTier | null) ?? null,
      project: reader.text("project"),
      apiKey: reader.text("api_key"),
      providerUser: reader.text("provider_user"),
      tags: tags ? (JSON.parse(tags) as Record<string, string>) : null,
      teamName: reader.text("team"),
      workflowName: reader.text("workflow"),
      tokens,
      requests,
      otherUnits: null,
      otherUnit: null,
      billedCost: cost,
      estimatedCost: null,
      currency: reader.text("currency") ?? "USD",
      chargeCategory: "usage",
      identity: [reader.text("group_key")],
      keyNamespace: "push:events",
    };
    return { kind: "records", records: [record] };
  },
};

export async function ingestUsageEvents(options: {
  pool: Pool;
  orgId: string;
  timeZone: string;
  events: readonly UsageEvent[];
  /** Each event's index in the request, to report problems by index. */
  indexes: readonly number[];
  source: PushSource;
  teams: ReadonlyMap<string, string>;
  workflows: ReadonlyMap<string, string>;
}): Promise<PushResult> {
  const errors: IngestError[] = [];
  const kept: { event: UsageEvent; hour: number; groupKey: string }[] = [];
  options.events.forEach((event, position) => {
    const index = options.indexes[position] ?? -1;
    if (event.team && !options.teams.has(event.team.toLowerCase())) {
      errors.push({ index, field: "team", reason: `names no team of this organization ("${event.team}")` });
      return;
    }
    if (event.workflow && !options.workflows.has(event.workflow.toLowerCase())) {
      errors.push({ index, field: "workflow", reason: `names no workflow of this organization ("${event.workflow}")` });
      return;
    }
    const hour = Math.floor(event.timestamp.getTime() / HOUR_MS) * HOUR_MS;
    kept.push({ event, hour, groupKey: groupKeyOf(event, hour) });
  });
  if (kept.length === 0) return { accepted: 0, duplicates: 0, errors, records: 0 };

  const client = await options.pool.connect();
  try {
    await client.query("BEGIN");
    await lockOrganizationLedger(client, options.orgId);
    const column = <T>(pick: (item: (typeof kept)[number]) => T) => kept.map(pick);
    const { rows: inserted } = await client.query<{ groupKey: string }>(
      `INSERT INTO usage_event ("orgId", "eventId", hour, "groupKey", provider, model, "serviceTier", project, "apiKey", "providerUser",
         "teamName", "workflowName", tags, "uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens",
         "cacheWrite1hInputTokens", "outputTokens", "reasoningTokens", requests, cost, currency, source)
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::jsonb[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[],
         $20::bigint[], $21::numeric[], $22::text[], $23::text[])
       ON CONFLICT ("orgId", "eventId") DO NOTHING
       RETURNING "groupKey"`,
      [
        options.orgId,
        column((item) => item.event.eventId),
        column((item) => new Date(item.hour)),
        column((item) => item.groupKey),
        column((item) => item.event.provider),
        column((item) => item.event.modelRaw),
        column((item) => item.event.serviceTier),
        column((item) => item.event.project),
        column((item) => item.event.apiKey),
        column((item) => item.event.user),
        column((item) => item.event.team),
        column((item) => item.event.workflow),
        column((item) => (item.event.tags ? JSON.stringify(item.event.tags) : null)),
        column((item) => item.event.tokens.uncachedInputTokens),
        column((item) => item.event.tokens.cacheReadInputTokens),
        column((item) => item.event.tokens.cacheWrite5mInputTokens),
        column((item) => item.event.tokens.cacheWrite1hInputTokens),
        column((item) => item.event.tokens.outputTokens),
        column((item) => item.event.tokens.reasoningTokens),
        column((item) => item.event.requests),
        column((item) => item.event.cost),
        column((item) => item.event.currency),
        column(() => options.source),
      ],
    );
    const groups = [...new Set(inserted.map((row) => row.groupKey))];
    let records = 0;
    if (groups.length) {
      // The service name rides along in the group key only; min() picks each group's one value of every column.
      const serviceNames = new Map(kept.map((item) => [item.groupKey, item.event.serviceName]));
      const { rows } = await client.query<Record<string, string | null>>(
        `SELECT "groupKey" AS group_key, to_char(min(hour) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS hour, min(provider) AS provider,
           min(model) AS model, min("serviceTier") AS service_tier, min(project) AS project, min("apiKey") AS api_key,
           min("providerUser") AS provider_user, min("teamName") AS team, min("workflowName") AS workflow, min(tags::text) AS tags,
           sum("uncachedInputTokens")::text AS uncached, sum("cacheReadInputTokens")::text AS cache_read,
           sum("cacheWrite5mInputTokens")::text AS cache_write_5m, sum("cacheWrite1hInputTokens")::text AS cache_write_1h,
           sum("outputTokens")::text AS output, sum("reasoningTokens")::text AS reasoning, sum(requests)::text AS requests,
           sum(cost)::text AS cost, min(currency) AS currency
         FROM usage_event WHERE "orgId" = $1 AND "groupKey" = ANY($2::text[]) GROUP BY "groupKey"`,
        [options.orgId, groups],
      );
      const rowsWithNames = rows.map((row) => {
        const cells: Record<string, string> = {};
        for (const [key, value] of Object.entries(row)) cells[key] = value === null ? "" : value;
        cells.service_name = serviceNames.get(row.group_key!) ?? "";
        // numeric sums come back with the column's scale: "0.50000000000000" reads the same, but keep it short.
        if (cells.cost) cells.cost = new Decimal(cells.cost).toFixed();
        return cells;
      });
      const result = await ingestInTransaction(client, {
        pool: options.pool,
        orgId: options.orgId,
        timeZone: options.timeZone,
        openRows: () => rowsWithNames,
        format: usageEventsMapper,
        mode: "strict",
        source: { kind: "PUSH", uploadId: null, connectionId: null, ref: options.source },
        teams: options.teams,
        workflows: options.workflows,
        price: await loadPricer(client, options.orgId),
        attribute: await loadAttribution(client, options.orgId),
      });
      if (result.status !== "completed") {
        // The events were validated already; a failure here is ours, not the sender's.
        throw new Error(`pushed usage could not be written: ${result.message ?? ""} ${result.errors[0]?.reason ?? ""}`.trim());
      }
      records = result.recordsWritten;
    }
    await client.query("COMMIT");
    return { accepted: inserted.length, duplicates: kept.length - inserted.length, errors, records };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
