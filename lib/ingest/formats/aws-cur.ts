import Decimal from "decimal.js";
import { RowReader, ZERO_TOKENS, headerScore } from "@/lib/ingest/fields";
import { modelFromCamelToken, normalizeModelId } from "@/lib/ingest/model-names";
import type { ChargeCategory, FormatMapper, NormalizedUsage, ServiceTier, TokenBuckets } from "@/lib/ingest/types";

// AWS CUR 2.0 (Data Exports) saved as CSV, Amazon Bedrock line items only (reference/provider-formats.md §3.1).
// Bedrock bills one line item per token type, so a row fills exactly one token bucket. Usage types come in two
// families: Bedrock's own, kebab-case with the model inside ("USE1-Claude4.6Sonnet-input-tokens"), and the AWS
// Marketplace listings Anthropic models are sold through ("USE1-MP:USE1_InputTokenCount_Global-Units"), which name
// the model only in product['product_name'] ("Claude Sonnet 4.5 (Amazon Bedrock Edition)").

const COLUMNS = [
  "identity_line_item_id",
  "bill_billing_entity",
  "bill_payer_account_id",
  "line_item_product_code",
  "line_item_usage_type",
  "line_item_operation",
  "line_item_resource_id",
  "line_item_availability_zone",
  "line_item_line_item_type",
  "line_item_line_item_description",
  "line_item_legal_entity",
  "line_item_tax_type",
  "line_item_usage_account_id",
  "line_item_usage_amount",
  "line_item_usage_start_date",
  "line_item_usage_end_date",
  "line_item_unblended_cost",
  "line_item_currency_code",
  "line_item_iam_principal",
  "pricing_unit",
  "pricing_term",
  "pricing_rate_code",
  "product",
  "resource_tags",
] as const;

/**
 * What tells line items apart beyond the record's dimensions. Not identity_line_item_id: AWS documents it as
 * unique only within one delivery and different for the same line item in the next one, and CUR re-delivers the
 * whole month several times a day, so keying on it would count every re-uploaded line twice.
 */
const IDENTITY_COLUMNS = [
  "line_item_usage_type",
  "line_item_operation",
  "line_item_resource_id",
  "line_item_product_code",
  "line_item_availability_zone",
  "line_item_line_item_type",
  "line_item_line_item_description",
  "line_item_tax_type",
  "line_item_legal_entity",
  "bill_billing_entity",
  "bill_payer_account_id",
  "pricing_term",
  "pricing_rate_code",
] as const;

const CHARGE_CATEGORY: Record<string, ChargeCategory> = {
  usage: "usage",
  discountedusage: "usage",
  credit: "credit",
  refund: "refund",
  tax: "tax",
};

/** Bedrock's kebab-case token usage types, with or without a tier or routing part after them. */
const BEDROCK_TOKEN_USAGE = /-(?:mantle-)?(?:input|output)-tokens?(?:-|$)|-cache-(?:read|write)-input-token-count(?:-|$)/i;
const MARKETPLACE_TOKEN_USAGE =
  /-MP:.*(?:(?:Input|Output)TokenCount|(?:input|output)_tokens|Cache(?:Read|Write)\w*TokenCount|cache_(?:read|write)_tokens|Million(?:Batch)?(?:Input|Output)Tokens)/i;

/** Words that end the model part of a kebab usage type ("USE1-Llama3.1-70B-output-tokens" → "Llama3.1-70B"). */
const USAGE_TYPE_QUALIFIERS = new Set(["input", "output", "cache", "mantle", "cross", "global", "batch", "flex", "priority", "tokens", "token"]);

// CUR stores usage amounts as doubles; what survives 14 decimal places of rounding is float noise, not a fraction of a token.
const FLOAT_NOISE_TOKENS = new Decimal("0.000001");

function tokenBucket(usageType: string): keyof TokenBuckets {
  if (/cache[-_]?read/i.test(usageType)) return "cacheReadInputTokens";
  // "CacheWrite1hInputTokenCount", "cache_write_tokens_1h_standard": the one-hour cache is priced apart.
  if (/cache[-_]?write/i.test(usageType)) return /1h/i.test(usageType) ? "cacheWrite1hInputTokens" : "cacheWrite5mInputTokens";
  if (/output/i.test(usageType)) return "outputTokens";
  return "uncachedInputTokens";
}

function serviceTierOf(usageType: string): ServiceTier {
  if (/batch/i.test(usageType)) return "batch";
  if (/(?:^|[-_])flex(?:[-_]|$)/i.test(usageType)) return "flex";
  if (/(?:^|[-_])priority(?:[-_]|$)/i.test(usageType)) return "priority";
  return "standard";
}

/** Global and cross-region inference are priced apart from in-region calls (global ≈ 10% below regional). */
function routingOf(usageType: string): string | null {
  if (/cross[-_]region[-_]global|[-_]global(?:[-_]|$)/i.test(usageType)) return "global";
  if (/cross[-_]region/i.test(usageType)) return "cross-region";
  if (/[-_]geo(?:[-_]|$)/i.test(usageType)) return "geo";
  return null;
}

/** "USE1-Claude4.6Sonnet-input-tokens" → "Claude4.6Sonnet"; the region prefix is a billing code such as USE1 or APN1. */
function modelToken(usageType: string): string | null {
  const segments = usageType.split("-");
  const start = segments.length > 1 && /^[A-Z]{2,4}\d*$/.test(segments[0]!) ? 1 : 0;
  const model: string[] = [];
  for (const segment of segments.slice(start)) {
    if (USAGE_TYPE_QUALIFIERS.has(segment.toLowerCase())) break;
    model.push(segment);
  }
  return model.join("-") || null;
}

/**
 * Tokens per unit of line_item_usage_amount. CUR states usage in the pricing unit (cost = amount × rate): Bedrock's
 * own "1K tokens"; Marketplace listings in "Units" that AWS's price list describes as "Million Input Tokens".
 */
function tokensPerUnit(pricingUnit: string | null, usageType: string, marketplace: boolean): number {
  const unit = (pricingUnit ?? "").toLowerCase();
  if (/\b1\s*m\b|million|1,?000,?000\b/.test(unit)) return 1_000_000;
  if (/\b1\s*k\b|thousand|1,?000\b/.test(unit)) return 1_000;
  if (/million/i.test(usageType)) return 1_000_000;
  if (marketplace && (unit === "" || unit === "units")) return 1_000_000;
  return 1;
}

function tokenCount(reader: RowReader, perUnit: number): number {
  const column = "line_item_usage_amount";
  const amount = reader.decimal(column, { required: true, nonNegative: true });
  if (amount === null) return 0;
  const tokens = new Decimal(amount).times(perUnit);
  const whole = tokens.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  if (tokens.minus(whole).abs().greaterThan(FLOAT_NOISE_TOKENS)) {
    reader.issue(column, amount, `is not a whole number of tokens at ${perUnit} tokens per pricing unit`);
    return 0;
  }
  if (whole.greaterThan(Number.MAX_SAFE_INTEGER)) {
    reader.issue(column, amount, "is too large");
    return 0;
  }
  return whole.toNumber();
}

/** Tags in a stable order, so the same tags always give the same identity. */
function tagsKey(tags: Record<string, string> | null): string | null {
  if (!tags || Object.keys(tags).length === 0) return null;
  return JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const awsCurMapper: FormatMapper = {
  id: "aws-cur",
  label: "AWS CUR 2.0 (Amazon Bedrock)",
  description: "AWS Cost and Usage Report 2.0 data export as CSV: Amazon Bedrock and Bedrock Marketplace model line items",
  columns: COLUMNS,
  periodColumn: "line_item_usage_start_date",
  detect(headers) {
    const core = ["identity_line_item_id", "line_item_product_code", "line_item_usage_type", "line_item_usage_start_date", "line_item_unblended_cost"];
    return headerScore(
      headers,
      [
        ...core,
        "line_item_usage_end_date",
        "line_item_usage_amount",
        "line_item_currency_code",
        "line_item_line_item_type",
        "line_item_usage_account_id",
        "bill_billing_entity",
        "pricing_unit",
        "product",
        "resource_tags",
      ],
      core,
    );
  },
  map(row) {
    const reader = new RowReader(row);
    const usageType = reader.text("line_item_usage_type") ?? "";
    const productCode = reader.text("line_item_product_code") ?? "";
    const viaMarketplace = /^aws marketplace$/i.test(reader.text("bill_billing_entity") ?? "");
    const bedrockProduct = /^AmazonBedrock/i.test(productCode);
    // Marketplace usage types ("USE1-MP:USE1_…") carry no model; only the product map names it.
    const namedByProduct = viaMarketplace || /-MP:/i.test(usageType);
    // A throwaway reader: a malformed product map on a row that turns out not to be Bedrock is not this importer's concern.
    const productName = namedByProduct ? new RowReader(row).jsonObject("product")?.product_name ?? null : null;
    const marketplaceTokens = MARKETPLACE_TOKEN_USAGE.test(usageType) && (viaMarketplace || bedrockProduct);
    // Marketplace Claude rows that are not tokens (reserved throughput) are still Bedrock spend.
    const marketplaceBedrock = marketplaceTokens || (viaMarketplace && /amazon bedrock edition/i.test(productName ?? ""));
    const bedrockTokens = BEDROCK_TOKEN_USAGE.test(usageType);
    if (!bedrockProduct && !bedrockTokens && !marketplaceBedrock) return { kind: "skip", reason: "not_ai" };

    const periodStart = reader.dateTime("line_item_usage_start_date", { required: true });
    const periodEnd = reader.dateTime("line_item_usage_end_date", { required: true });
    const billedCost = reader.decimal("line_item_unblended_cost", { required: true });
    const currency = reader.currency("line_item_currency_code");
    const lineItemType = reader.required("line_item_line_item_type");
    // Fees, discounts (EdpDiscount, BundledDiscount, PrivateRateDiscount) and the like move money without usage.
    const chargeCategory: ChargeCategory = lineItemType ? CHARGE_CATEGORY[lineItemType.toLowerCase()] ?? "adjustment" : "usage";
    const tags = reader.has("resource_tags") ? reader.jsonObject("resource_tags") : null;
    // Now with this reader, so a product map that cannot be read is reported rather than leaving the model unknown.
    if (namedByProduct && reader.has("product")) reader.jsonObject("product");

    const isTokenUsage = bedrockTokens || marketplaceTokens;
    const tokens: TokenBuckets = { ...ZERO_TOKENS };
    let otherUnits: string | null = null;
    let otherUnit: string | null = null;
    // Only usage carries tokens: a credit or tax line on the same usage type would count them a second time.
    if (chargeCategory === "usage") {
      const pricingUnit = reader.text("pricing_unit");
      if (isTokenUsage) {
        tokens[tokenBucket(usageType)] = tokenCount(reader, tokensPerUnit(pricingUnit, usageType, marketplaceTokens));
      } else {
        otherUnits = reader.decimal("line_item_usage_amount");
        otherUnit = otherUnits === null ? null : pricingUnit ?? (usageType || null);
      }
    }
    if (!reader.ok || !periodStart || !periodEnd || billedCost === null || !lineItemType) return { kind: "invalid", issues: reader.issues };
    if (periodEnd < periodStart) {
      return {
        kind: "invalid",
        issues: [{ column: "line_item_usage_end_date", value: row.line_item_usage_end_date ?? null, reason: "is before line_item_usage_start_date" }],
      };
    }

    const camelModel = bedrockTokens && !namedByProduct ? modelToken(usageType) : null;
    const modelRaw = namedByProduct ? productName : camelModel;
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "aws-bedrock",
      service: "Amazon Bedrock",
      modelRaw,
      model: namedByProduct ? normalizeModelId(productName) : camelModel ? modelFromCamelToken(camelModel) : null,
      serviceTier: isTokenUsage ? serviceTierOf(usageType) : null,
      project: reader.text("line_item_usage_account_id"),
      apiKey: null,
      providerUser: reader.text("line_item_iam_principal"),
      tags: tags && Object.keys(tags).length > 0 ? tags : null,
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
      // Tags are not part of the natural key, but CUR splits a line item by tags when resource ids are not exported.
      identity: [...IDENTITY_COLUMNS.map((column) => reader.text(column)), routingOf(usageType), tagsKey(tags)],
      keyNamespace: "aws:cur",
    };
    return { kind: "records", records: [record] };
  },
};
