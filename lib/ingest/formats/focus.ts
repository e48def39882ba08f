import { parseAzureMeter } from "@/lib/ingest/azure-meter";
import { RowReader, ZERO_TOKENS, headerScore } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { providerFor } from "@/lib/ingest/providers";
import type { ChargeCategory, FormatMapper, NormalizedUsage, TokenBuckets } from "@/lib/ingest/types";

// FOCUS 1.0–1.3 cost-and-usage exports (reference/provider-formats.md §4), including the post-1.3 draft AI keys
// in SkuPriceDetails (ModelId, TokenDirection, TokenCacheAction; the older TokenType). Every row enters the
// ledger: FOCUS is how cloud bills arrive, so rows that are not AI usage are kept as spend without tokens.

const CATEGORY: Record<string, ChargeCategory> = {
  usage: "usage",
  purchase: "purchase",
  tax: "tax",
  credit: "credit",
  adjustment: "adjustment",
  refund: "refund",
};

const IDENTITY_COLUMNS = [
  "BillingAccountId",
  "SubAccountId",
  "ResourceId",
  "SkuId",
  "SkuPriceId",
  "SkuMeter",
  "ChargeDescription",
  "ChargeClass",
  "ChargeFrequency",
  "CommitmentDiscountId",
  "CommitmentDiscountStatus",
  "PricingCategory",
  "PricingUnit",
  "ConsumedUnit",
  "RegionId",
  "AvailabilityZone",
  "InvoiceId",
  // Not FOCUS, but exports (the FOCUS sample data) carry a row id; when present it tells rows apart exactly.
  "Id",
] as const;

/** Token count of a row: ConsumedQuantity in Tokens, or PricingQuantity × the pricing block ("1000000 Tokens"). */
function tokenCount(reader: RowReader): number | null {
  const consumedUnit = reader.text("ConsumedUnit") ?? "";
  if (/^tokens?$/i.test(consumedUnit)) return reader.count("ConsumedQuantity");
  // "1000000 Tokens" (the AI draft), "1K Tokens" / "1M Tokens" (Microsoft's FOCUS export).
  const pricingUnit = reader.text("PricingUnit") ?? "";
  const block = /^(\d+)?\s*([KM])?\s*tokens?$/i.exec(pricingUnit.replace(/,/g, ""));
  if (block) {
    const quantity = reader.decimal("PricingQuantity", { nonNegative: true });
    if (quantity === null) return null;
    const multiplier = Number(block[1] ?? 1) * (block[2]?.toUpperCase() === "K" ? 1000 : block[2]?.toUpperCase() === "M" ? 1_000_000 : 1);
    const tokens = Number(quantity) * multiplier;
    if (!Number.isInteger(Math.round(tokens))) return null;
    return Math.round(tokens);
  }
  return null;
}

function tokenBucket(details: Record<string, string> | null, meter: string | null): keyof TokenBuckets | null {
  const direction = details?.TokenDirection?.toLowerCase();
  const cacheAction = details?.TokenCacheAction?.toLowerCase();
  if (direction === "output") return "outputTokens";
  if (direction === "input") {
    if (cacheAction === "read") return "cacheReadInputTokens";
    if (cacheAction === "write") return "cacheWrite5mInputTokens";
    if (cacheAction === undefined && meter && /cache[ds]? (read )?input|cached input|cache read/i.test(meter)) return "cacheReadInputTokens";
    if (cacheAction === undefined && meter && /cache write/i.test(meter)) return "cacheWrite5mInputTokens";
    return "uncachedInputTokens";
  }
  // Earlier drafts: one TokenType key.
  switch (details?.TokenType?.toLowerCase()) {
    case "input":
      return "uncachedInputTokens";
    case "output":
      return "outputTokens";
    case "cacheread":
      return "cacheReadInputTokens";
    case "cachewrite":
      return "cacheWrite5mInputTokens";
  }
  if (!meter) return null;
  if (/cache write/i.test(meter)) return "cacheWrite5mInputTokens";
  if (/cache read|cached input/i.test(meter)) return "cacheReadInputTokens";
  if (/output/i.test(meter)) return "outputTokens";
  if (/input/i.test(meter)) return "uncachedInputTokens";
  return null;
}

export const focusMapper: FormatMapper = {
  id: "focus",
  label: "FOCUS (1.0–1.3)",
  description: "FinOps FOCUS cost-and-usage export (AWS, Azure, Google Cloud, Oracle, SaaS), with the draft AI token keys",
  periodColumn: "ChargePeriodStart",
  detect(headers) {
    const core = ["BilledCost", "BillingCurrency", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory"];
    const score = headerScore(headers, [...core, "ServiceName", "EffectiveCost", "ListCost", "PricingUnit", "BillingAccountId"], core);
    const hasProvider = headerScore(headers, ["ProviderName"]) > 0 || headerScore(headers, ["ServiceProviderName"]) > 0;
    return hasProvider ? score : 0;
  },
  map(row, context) {
    const reader = new RowReader(row);
    const periodStart = reader.dateTime("ChargePeriodStart", { required: true });
    const periodEnd = reader.dateTime("ChargePeriodEnd", { required: true });
    const billedCost = reader.decimal("BilledCost", { required: true });
    const currency = reader.currency("BillingCurrency");
    const categoryText = reader.required("ChargeCategory");
    const chargeCategory = categoryText ? CATEGORY[categoryText.toLowerCase()] : undefined;
    if (categoryText && !chargeCategory) reader.issue("ChargeCategory", categoryText, "is not a FOCUS charge category (Usage, Purchase, Tax, Credit, Adjustment)");
    const providerName =
      reader.text("ServiceProviderName") ?? reader.text("ProviderName") ?? reader.text("InvoiceIssuerName") ?? reader.text("HostProviderName");
    if (!providerName) reader.issue("ProviderName", null, "is empty: FOCUS needs ServiceProviderName or ProviderName");
    const service = reader.text("ServiceName");
    const details = reader.has("SkuPriceDetails") ? reader.jsonObject("SkuPriceDetails") : null;
    const tags = reader.has("Tags") ? reader.jsonObject("Tags") : null;
    const meter = reader.text("SkuMeter");
    const azureMeter = meter ? parseAzureMeter(meter, reader.text("PricingUnit")) : null;

    const count = tokenCount(reader);
    const bucket = count !== null ? tokenBucket(details, meter) ?? azureMeter?.bucket ?? null : null;
    const isAi =
      Boolean(details?.ModelId || details?.TokenDirection || details?.TokenType || bucket) ||
      (reader.text("ServiceCategory") === "AI and Machine Learning" && count !== null);
    const tokens: TokenBuckets = { ...ZERO_TOKENS };
    let otherUnits: string | null = null;
    let otherUnit: string | null = null;
    if (bucket && count !== null) {
      tokens[bucket] = count;
    } else {
      otherUnits = reader.decimal("ConsumedQuantity");
      otherUnit = otherUnits === null ? null : reader.text("ConsumedUnit");
    }
    if (!reader.ok || !periodStart || !periodEnd || billedCost === null || !chargeCategory || !providerName) {
      return { kind: "invalid", issues: reader.issues };
    }
    if (periodEnd < periodStart) {
      return { kind: "invalid", issues: [{ column: "ChargePeriodEnd", value: row.ChargePeriodEnd ?? null, reason: "is before ChargePeriodStart" }] };
    }
    const modelRaw = details?.ModelId ?? azureMeter?.model ?? null;
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: providerFor(providerName, service, isAi),
      service,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: azureMeter?.batch ? "batch" : null,
      project: reader.text("SubAccountId"),
      apiKey: null,
      providerUser: reader.text("PrincipalId"),
      tags,
      teamName: null,
      workflowName: null,
      tokens,
      requests: 0,
      otherUnits,
      otherUnit,
      billedCost,
      estimatedCost: null,
      currency,
      chargeCategory,
      identity: IDENTITY_COLUMNS.map((column) => reader.text(column)),
      keyNamespace: "focus",
    };
    void context;
    return { kind: "records", records: [record] };
  },
};
