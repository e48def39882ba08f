import { RowReader, ZERO_TOKENS, headerScore } from "@/lib/ingest/fields";
import { contextTierOf } from "@/lib/ingest/context-tier";
import { normalizeModelId } from "@/lib/ingest/model-names";
import {
  anthropicContextWindow,
  anthropicServiceTier,
  isEmptyRow,
  readAnthropicUsagePeriod,
} from "@/lib/ingest/formats/anthropic-usage";
import type { FormatMapper, NormalizedUsage } from "@/lib/ingest/types";

// The Anthropic Console cost CSV (reference/provider-formats.md §2.5): one row per day, model, workspace, key,
// context window and token type, with Anthropic's own charge. cost_usd is in dollars, unlike the cost API's cents.

const COLUMNS = [
  "usage_date_utc",
  "model",
  "workspace",
  "api_key",
  "usage_type",
  "context_window",
  "token_type",
  "cost_usd",
  "list_price_usd",
  "cost_type",
  "inference_geo",
  "speed",
  "api_key_id",
  "api_key_status",
];

export const anthropicCostsMapper: FormatMapper = {
  id: "anthropic-costs",
  label: "Anthropic Console cost export",
  description: "Anthropic Console cost CSV: charge in USD per day, model, workspace, API key and token type",
  periodColumn: "usage_date_utc",
  detect(headers) {
    return headerScore(headers, COLUMNS, ["usage_date_utc", "model", "token_type", "cost_usd"]);
  },
  map(row) {
    if (isEmptyRow(row)) return { kind: "skip", reason: "empty" };
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = readAnthropicUsagePeriod(reader, "usage_date_utc");
    const billedCost = reader.decimal("cost_usd", { required: true });
    if (!reader.ok || !periodStart || !periodEnd || billedCost === null) return { kind: "invalid", issues: reader.issues };

    // A display name ("Claude Haiku 4.5"); normalizeModelId turns it into the API id.
    const modelRaw = reader.text("model");
    const usageType = reader.text("usage_type");
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "anthropic",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: anthropicServiceTier(usageType),
      project: reader.text("workspace"),
      // The id survives a key's rename; older exports have only the name.
      apiKey: reader.text("api_key_id") ?? reader.text("api_key"),
      providerUser: null,
      tags: null,
      contextTier: contextTierOf(anthropicContextWindow(reader.text("context_window"))),
      teamName: null,
      workflowName: null,
      // A cost line states no tokens; the usage export carries them.
      tokens: { ...ZERO_TOKENS },
      requests: 0,
      otherUnits: null,
      otherUnit: null,
      billedCost,
      estimatedCost: null,
      currency: "USD",
      // Not seen in an export, but a negative charge can only be a credit.
      chargeCategory: billedCost.startsWith("-") ? "credit" : "usage",
      // One row per token type (and per cost type for web search and code execution), so both are identity.
      // api_key_status is not: it changes from active to archived, and a re-export must update the same records.
      identity: [
        reader.text("token_type"),
        reader.text("cost_type"),
        anthropicContextWindow(reader.text("context_window")),
        reader.text("inference_geo"),
        reader.text("speed"),
        usageType?.toLowerCase() ?? null,
      ],
      keyNamespace: "anthropic:costs",
    };
    return { kind: "records", records: [record] };
  },
};
