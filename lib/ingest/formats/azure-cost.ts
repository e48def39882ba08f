import Decimal from "decimal.js";
import { parseAzureMeter } from "@/lib/ingest/azure-meter";
import { RowReader, ZERO_TOKENS, headerScore } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import type { ChargeCategory, FormatMapper, NormalizedUsage, TokenBuckets } from "@/lib/ingest/types";

// Azure Cost Management actual-cost exports (reference/provider-formats.md §3.2), Azure OpenAI / Foundry token
// meters only. MCA exports name the cost Cost and the currency BillingCurrency; EA exports CostInBillingCurrency
// and BillingCurrencyCode, and SubscriptionGuid for the subscription. The model, token direction and deployment
// type are only in the free-text MeterName, so the raw meter name is kept beside the parse.

const COLUMNS = [
  "Date",
  "MeterName",
  "MeterId",
  "MeterCategory",
  "MeterSubCategory",
  "Product",
  "ProductName",
  "ConsumedService",
  "Quantity",
  "UnitOfMeasure",
  "Cost",
  "CostInBillingCurrency",
  "BillingCurrency",
  "BillingCurrencyCode",
  "SubscriptionId",
  "SubscriptionGuid",
  "ResourceId",
  "ResourceName",
  "Tags",
  "ChargeType",
  "PricingModel",
  "ReservationId",
] as const;

const AI_PRODUCT = /azure openai|foundry|cognitive services/i;

const CHARGE_CATEGORY: Record<string, ChargeCategory> = { refund: "refund", purchase: "purchase" };

/** The first of the columns the file has: exports name the same field differently. */
function firstPresent(reader: RowReader, columns: readonly [string, ...string[]]): string {
  return columns.find((column) => reader.has(column)) ?? columns[0];
}

/** Quantity is in blocks of 1K or 1M tokens; a block count that is not a whole number of tokens is a broken row. */
function tokenCount(reader: RowReader, tokensPerUnit: number): number {
  const quantity = reader.decimal("Quantity", { required: true, nonNegative: true });
  if (quantity === null) return 0;
  const tokens = new Decimal(quantity).times(tokensPerUnit);
  if (!tokens.isInteger()) {
    reader.issue("Quantity", quantity, `is not a whole number of tokens at ${tokensPerUnit} tokens per unit`);
    return 0;
  }
  if (tokens.greaterThan(Number.MAX_SAFE_INTEGER)) {
    reader.issue("Quantity", quantity, "is too large");
    return 0;
  }
  return tokens.toNumber();
}

export const azureCostMapper: FormatMapper = {
  id: "azure-cost",
  label: "Azure cost export (Azure OpenAI)",
  description: "Azure Cost Management actual-cost export (MCA or EA): Azure OpenAI and Foundry token meters",
  columns: COLUMNS,
  periodColumn: "Date",
  detect(headers) {
    // Azure's FOCUS export shares some names; the FOCUS mapper reads it.
    if (headerScore(headers, ["BilledCost", "ChargePeriodStart"]) > 0) return 0;
    const core = ["Date", "MeterName", "MeterCategory", "Quantity", "UnitOfMeasure"];
    const extra = ["ConsumedService", "ResourceId", "ResourceName", "Tags", "ChargeType", "SubscriptionId", "MeterId"];
    const mca = ["Cost", "BillingCurrency"];
    const ea = ["CostInBillingCurrency", "BillingCurrencyCode"];
    return Math.max(headerScore(headers, [...core, ...mca, ...extra], [...core, ...mca]), headerScore(headers, [...core, ...ea, ...extra], [...core, ...ea]));
  },
  map(row) {
    const reader = new RowReader(row);
    const meterName = reader.text("MeterName");
    const aiService =
      /^microsoft\.cognitiveservices$/i.test(reader.text("ConsumedService") ?? "") ||
      ["MeterCategory", "MeterSubCategory", "Product", "ProductName"].some((column) => AI_PRODUCT.test(reader.text(column) ?? ""));
    const meter = aiService && meterName ? parseAzureMeter(meterName, reader.text("UnitOfMeasure")) : null;
    if (!meter) return { kind: "skip", reason: "not_ai" };

    const date = reader.dateTime("Date", { required: true });
    const billedCost = reader.decimal(firstPresent(reader, ["Cost", "CostInBillingCurrency"]), { required: true });
    const currency = reader.currency(firstPresent(reader, ["BillingCurrency", "BillingCurrencyCode"]));
    const chargeCategory = CHARGE_CATEGORY[(reader.text("ChargeType") ?? "").toLowerCase()] ?? "usage";
    const tags = reader.has("Tags") ? reader.jsonObject("Tags") : null;
    const tokens: TokenBuckets = { ...ZERO_TOKENS };
    // Only usage carries tokens: a refund of the same meter (negative quantity) would take them away a second time.
    if (chargeCategory === "usage") tokens[meter.bucket] = tokenCount(reader, meter.tokensPerUnit);
    if (!reader.ok || !date || billedCost === null) return { kind: "invalid", issues: reader.issues };

    // Cost exports are daily: the row is its UTC day, whatever time of day the Date cell carries.
    const periodStart = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
    const periodEnd = new Date(periodStart.getTime() + 24 * 60 * 60 * 1000);
    const resourceId = reader.text("ResourceId");
    // The Azure OpenAI account, not an API key: many keys and deployments share it.
    const resourceName = reader.text("ResourceName") ?? resourceId?.split("/").filter(Boolean).at(-1) ?? null;
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "azure-openai",
      service: "Azure OpenAI",
      modelRaw: meterName,
      model: normalizeModelId(meter.model),
      serviceTier: meter.batch ? "batch" : "standard",
      project: reader.text("SubscriptionId") ?? reader.text("SubscriptionGuid"),
      apiKey: null,
      providerUser: null,
      tags: { ...tags, x_deployment: meter.deployment, ...(resourceName ? { x_resource: resourceName } : {}) },
      teamName: null,
      workflowName: null,
      tokens,
      requests: 0,
      otherUnits: null,
      otherUnit: null,
      billedCost,
      estimatedCost: null,
      currency,
      chargeCategory,
      // Global, data zone and regional deployments of one model are priced apart.
      identity: [resourceId, reader.text("MeterId"), meter.deployment, reader.text("ChargeType"), reader.text("PricingModel"), reader.text("ReservationId")],
      keyNamespace: "azure:cost",
    };
    return { kind: "records", records: [record] };
  },
};
