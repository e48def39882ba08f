import { RowReader, ZERO_TOKENS, headerScore, isNullLiteral } from "@/lib/ingest/fields";
import { contextTierOf } from "@/lib/ingest/context-tier";
import { normalizeModelId } from "@/lib/ingest/model-names";
import type { FormatMapper, NormalizedUsage, Row, ServiceTier } from "@/lib/ingest/types";

// The Anthropic Console usage CSV (reference/provider-formats.md §2.5): tokens per day (or hour), model, API key,
// workspace and context window. Anthropic reports each input bucket separately, unlike OpenAI, so they map 1:1.

const COLUMNS = [
  "usage_date_utc",
  "model_version",
  "api_key",
  "workspace",
  "usage_type",
  "context_window",
  "usage_input_tokens_no_cache",
  "usage_input_tokens_cache_write_5m",
  "usage_input_tokens_cache_write_1h",
  "usage_input_tokens_cache_read",
  "usage_output_tokens",
  "web_search_count",
  "inference_geo",
  "speed",
];

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A line of delimiters only (",,,,"), which spreadsheets leave behind after the last row. */
export function isEmptyRow(row: Row): boolean {
  return Object.values(row).every((value) => isNullLiteral(value.trim()));
}

/**
 * The Console exports write a date for daily rows; one parser reports hourly exports, which would carry a time.
 * The period is that UTC day or hour, end exclusive.
 */
export function readAnthropicUsagePeriod(reader: RowReader, column: string): { periodStart: Date | null; periodEnd: Date | null } {
  const periodStart = reader.dateTime(column, { required: true });
  if (!periodStart) return { periodStart: null, periodEnd: null };
  const hourly = /\d:\d{2}/.test(reader.text(column) ?? "");
  return { periodStart, periodEnd: new Date(periodStart.getTime() + (hourly ? HOUR : DAY)) };
}

/**
 * The Console labels context windows "≤ 200k" and "> 200k" (once "0-200k"); the API says "0-200k" and
 * "200k-1M". One spelling keeps a re-export with the other label from becoming a second record.
 */
export function anthropicContextWindow(label: string | null): string | null {
  if (label === null) return null;
  const compact = label.replace(/\s+/g, "").toLowerCase();
  if (/^(≤|<=|<|0-)200k$/.test(compact)) return "0-200k";
  if (/^(>200k|200k-1m)$/.test(compact)) return "200k-1M";
  return label.trim();
}

/**
 * The tier from the Console's usage_type ("standard", "batch"; the cost export says "message") or an API-style
 * service tier ("priority_on_demand", "flex_discount"). Anything else is a kind of usage, not a tier: standard.
 */
export function anthropicServiceTier(value: string | null): ServiceTier {
  const tier = value?.toLowerCase() ?? "";
  if (tier.includes("batch")) return "batch";
  if (tier.startsWith("priority")) return "priority";
  if (tier.startsWith("flex")) return "flex";
  return "standard";
}

export const anthropicUsageMapper: FormatMapper = {
  id: "anthropic-usage",
  label: "Anthropic Console usage export",
  description: "Anthropic Console usage CSV: tokens per day, model, API key, workspace and context window",
  periodColumn: "usage_date_utc",
  detect(headers) {
    return headerScore(headers, COLUMNS, ["usage_date_utc", "model_version", "usage_input_tokens_no_cache", "usage_output_tokens"]);
  },
  map(row) {
    if (isEmptyRow(row)) return { kind: "skip", reason: "empty" };
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = readAnthropicUsagePeriod(reader, "usage_date_utc");
    const tokens = {
      ...ZERO_TOKENS,
      uncachedInputTokens: reader.count("usage_input_tokens_no_cache"),
      cacheWrite5mInputTokens: reader.count("usage_input_tokens_cache_write_5m"),
      cacheWrite1hInputTokens: reader.count("usage_input_tokens_cache_write_1h"),
      cacheReadInputTokens: reader.count("usage_input_tokens_cache_read"),
      outputTokens: reader.count("usage_output_tokens"),
    };
    const webSearches = reader.has("web_search_count") ? String(reader.count("web_search_count")) : null;
    if (!reader.ok || !periodStart || !periodEnd) return { kind: "invalid", issues: reader.issues };

    const modelRaw = reader.text("model_version");
    const usageType = reader.text("usage_type");
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "anthropic",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: anthropicServiceTier(reader.text("service_tier") ?? usageType),
      project: reader.text("workspace"),
      apiKey: reader.text("api_key"),
      providerUser: null,
      tags: null,
      contextTier: contextTierOf(anthropicContextWindow(reader.text("context_window"))),
      teamName: null,
      workflowName: null,
      tokens,
      // The export has no request count.
      requests: 0,
      // Web searches are billed per search on top of the tokens of the same messages, so they stay on this record.
      // The unit is set even for zero searches: it is part of the natural key, and a day whose count goes from 0
      // to 3 between two exports must update its record, not add one.
      otherUnits: webSearches,
      otherUnit: webSearches === null ? null : "web_search_requests",
      billedCost: null,
      estimatedCost: null,
      currency: "USD",
      chargeCategory: "usage",
      // Long-context rows are priced differently and share every dimension with the short-context row of the same
      // day; usage_type as written because the tier folds unknown kinds into standard.
      identity: [
        anthropicContextWindow(reader.text("context_window")),
        reader.text("inference_geo"),
        reader.text("speed"),
        usageType?.toLowerCase() ?? null,
      ],
      keyNamespace: "anthropic:usage:messages",
    };
    return { kind: "records", records: [record] };
  },
};
