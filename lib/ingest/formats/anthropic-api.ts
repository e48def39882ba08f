import Decimal from "decimal.js";
import { RowReader, ZERO_TOKENS } from "@/lib/ingest/fields";
import { contextTierOf } from "@/lib/ingest/context-tier";
import { anthropicContextWindow, anthropicServiceTier } from "@/lib/ingest/formats/anthropic-usage";
import { normalizeModelId } from "@/lib/ingest/model-names";
import type { FormatMapper, NormalizedUsage } from "@/lib/ingest/types";

// The Anthropic Admin API's reports (reference/provider-formats.md §2.1, §2.2), as the connector flattens them into
// rows: one per bucket and result. Not offered for uploads (nobody has these as files); the connector names the
// format. The API identifies keys and workspaces by id where the Console CSV has names, so its records form their
// own key namespace.

function period(reader: RowReader): { periodStart: Date | null; periodEnd: Date | null } {
  return { periodStart: reader.dateTime("starting_at", { required: true }), periodEnd: reader.dateTime("ending_at", { required: true }) };
}

export const anthropicUsageApiMapper: FormatMapper = {
  id: "anthropic-usage-api",
  label: "Anthropic usage report (Admin API)",
  description: "GET /v1/organizations/usage_report/messages results",
  periodColumn: "starting_at",
  detect: () => 0,
  map(row) {
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = period(reader);
    // Anthropic reports each bucket separately: uncached input excludes cache reads and writes (§2.1).
    const tokens = {
      ...ZERO_TOKENS,
      uncachedInputTokens: reader.count("uncached_input_tokens", { required: true }),
      cacheReadInputTokens: reader.count("cache_read_input_tokens"),
      cacheWrite5mInputTokens: reader.count("cache_creation_5m_input_tokens"),
      cacheWrite1hInputTokens: reader.count("cache_creation_1h_input_tokens"),
      outputTokens: reader.count("output_tokens", { required: true }),
    };
    const searches = reader.count("web_search_requests");
    if (!reader.ok || !periodStart || !periodEnd) return { kind: "invalid", issues: reader.issues };
    const hasUsage = Object.values(tokens).some((count) => count > 0) || searches > 0;
    if (!hasUsage) return { kind: "skip", reason: "empty" };

    const modelRaw = reader.text("model");
    const contextWindow = anthropicContextWindow(reader.text("context_window"));
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "anthropic",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: anthropicServiceTier(reader.text("service_tier")),
      project: reader.text("workspace_id"),
      apiKey: reader.text("api_key_id"),
      providerUser: null,
      tags: null,
      contextTier: contextTierOf(contextWindow),
      teamName: null,
      workflowName: null,
      tokens,
      // The report counts tokens, not requests.
      requests: 0,
      otherUnits: searches > 0 ? String(searches) : null,
      otherUnit: searches > 0 ? "web_search_requests" : null,
      billedCost: null,
      estimatedCost: null,
      currency: "USD",
      chargeCategory: "usage",
      identity: [reader.text("service_tier"), contextWindow, reader.text("inference_geo"), reader.text("speed")],
      keyNamespace: "anthropic:api:messages",
    };
    return { kind: "records", records: [record] };
  },
};

export const anthropicCostApiMapper: FormatMapper = {
  id: "anthropic-cost-api",
  label: "Anthropic cost report (Admin API)",
  description: "GET /v1/organizations/cost_report results",
  periodColumn: "starting_at",
  detect: () => 0,
  map(row) {
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = period(reader);
    // The report's amount is a decimal string in cents (§2.2): "123.78912" is $1.2378912.
    const cents = reader.decimal("amount", { required: true });
    const currency = reader.currency("currency", { fallback: "USD" });
    if (!reader.ok || !periodStart || !periodEnd || cents === null) return { kind: "invalid", issues: reader.issues };
    const billedCost = new Decimal(cents).dividedBy(100).toFixed();
    const modelRaw = reader.text("model");
    const contextWindow = anthropicContextWindow(reader.text("context_window"));
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "anthropic",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: anthropicServiceTier(reader.text("service_tier")),
      project: reader.text("workspace_id"),
      apiKey: null,
      providerUser: null,
      tags: null,
      contextTier: contextTierOf(contextWindow),
      teamName: null,
      workflowName: null,
      tokens: { ...ZERO_TOKENS },
      requests: 0,
      otherUnits: null,
      otherUnit: null,
      billedCost,
      estimatedCost: null,
      currency,
      chargeCategory: billedCost.startsWith("-") ? "credit" : "usage",
      identity: [reader.text("description"), reader.text("cost_type"), reader.text("token_type"), reader.text("service_tier"), contextWindow, reader.text("inference_geo")],
      keyNamespace: "anthropic:api:costs",
    };
    return { kind: "records", records: [record] };
  },
};
