import { describe, expect, it } from "vitest";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { ZERO_TOKENS } from "@/lib/ingest/fields";
import type { TokenBuckets } from "@/lib/ingest/types";
import { toScaled } from "@/lib/money";
import { createPricer, PRICE_SCALE, type OverrideRow, type PriceInput, type PriceRow } from "@/lib/pricing/pricer";

// Expected costs come from the providers' published list prices (USD per million tokens) and the arithmetic
// of their pricing pages; the catalog below is written out here, independently of the shipped one.

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const price = (value: string | undefined) => (value === undefined ? null : toScaled(value, PRICE_SCALE));

function row(provider: string, model: string, prices: { in: string; read?: string; w5?: string; w1?: string; out: string }, extra: Partial<PriceRow> & { from?: string; to?: string } = {}): PriceRow {
  return {
    provider,
    model,
    serviceTier: extra.serviceTier ?? "standard",
    contextTier: extra.contextTier ?? "",
    perMillion: { uncachedInput: price(prices.in), cacheRead: price(prices.read), cacheWrite5m: price(prices.w5), cacheWrite1h: price(prices.w1), output: price(prices.out) },
    unit: extra.unit ?? null,
    unitPrice: extra.unitPrice ?? null,
    currency: "USD",
    validFrom: day(extra.from ?? "2024-01-01"),
    validTo: extra.to ? day(extra.to) : null,
  };
}

const CATALOG: PriceRow[] = [
  // OpenAI, platform.openai.com/docs/pricing
  row("openai", "gpt-4o", { in: "2.5", read: "1.25", out: "10" }),
  row("openai", "gpt-4o", { in: "1.25", read: "0.625", out: "5" }, { serviceTier: "batch" }),
  row("openai", "gpt-4o-2024-05-13", { in: "5", out: "15" }),
  row("openai", "gpt-4o-mini", { in: "0.15", read: "0.075", out: "0.6" }),
  row("openai", "o3", { in: "10", read: "2.5", out: "40" }, { to: "2025-06-10" }),
  row("openai", "o3", { in: "2", read: "0.5", out: "8" }, { from: "2025-06-10" }),
  row("openai", "text-embedding-3-small", { in: "0.02", out: "0" }),
  row("openai", "dall-e-3", { in: "0", out: "0" }, { unit: "images", unitPrice: toScaled("0.04", PRICE_SCALE) }),
  row("openai", "whisper-1", { in: "0", out: "0" }, { unit: "second", unitPrice: toScaled("0.0001", PRICE_SCALE) }),
  // Anthropic, docs.anthropic.com/en/docs/about-claude/pricing
  row("anthropic", "claude-sonnet-4-5", { in: "3", read: "0.3", w5: "3.75", w1: "6", out: "15" }),
  row("anthropic", "claude-sonnet-4-5", { in: "6", read: "0.6", w5: "7.5", w1: "12", out: "22.5" }, { contextTier: "above_200k" }),
  row("anthropic", "claude-sonnet-4-5", { in: "1.5", read: "0.15", w5: "1.875", w1: "3", out: "7.5" }, { serviceTier: "batch" }),
  row("anthropic", "claude-haiku-4-5", { in: "1", read: "0.1", w5: "1.25", w1: "2", out: "5" }),
  row("anthropic", "claude-opus-4-1", { in: "15", read: "1.5", w5: "18.75", w1: "30", out: "75" }),
  row("anthropic", "claude-3-haiku", { in: "0.25", read: "0.03", w5: "0.3", out: "1.25" }),
  row("anthropic", "claude-3-5-sonnet", { in: "3", read: "0.3", w5: "3.75", out: "15" }),
  // The web search tool: $10 per 1,000 searches, docs.claude.com/en/docs/agents-and-tools/tool-use/web-search-tool
  row("anthropic", "web-search", { in: "0", out: "0" }, { unit: "search", unitPrice: toScaled("0.01", PRICE_SCALE) }),
  // AWS Bedrock, aws.amazon.com/bedrock/pricing
  row("aws-bedrock", "claude-sonnet-4-6", { in: "3", read: "0.3", w5: "3.75", out: "15" }),
  row("aws-bedrock", "nova-pro", { in: "0.8", read: "0.2", out: "3.2" }),
  row("aws-bedrock", "llama3-1-70b-instruct", { in: "0.72", out: "0.72" }),
  // Azure OpenAI, Global Standard
  row("azure-openai", "gpt-4o", { in: "2.5", read: "1.25", out: "10" }),
  // Vertex AI, cloud.google.com/vertex-ai/generative-ai/pricing
  row("gcp-vertex", "gemini-2.5-pro", { in: "1.25", read: "0.125", out: "10" }),
  row("gcp-vertex", "gemini-2.5-pro", { in: "2.5", read: "0.25", out: "15" }, { contextTier: "above_200k" }),
  row("gcp-vertex", "gemini-2.5-flash", { in: "0.3", read: "0.03", out: "2.5" }),
];

const ALIASES = [
  { orgId: "", provider: "", alias: "claude haiku 4.5", model: "claude-haiku-4-5" },
  { orgId: "", provider: "", alias: "claude-3-5-sonnet-20240620", model: "claude-3-5-sonnet" },
  { orgId: "org-a", provider: "azure-openai", alias: "prod-chat-4o", model: "gpt-4o" },
];

const MULTIPLIERS = { openai: "0.5", anthropic: "0.5", "aws-bedrock": "0.5", "gcp-vertex": "0.5", "azure-openai": "0.5" };

function input(provider: string, model: string | null, tokens: Partial<TokenBuckets>, extra: Partial<PriceInput> = {}): PriceInput {
  return {
    provider,
    model: model === null ? null : normalizeModelId(model),
    modelRaw: model,
    serviceTier: "standard",
    contextTier: null,
    tokens: { ...ZERO_TOKENS, ...tokens },
    otherUnits: null,
    otherUnit: null,
    billedCost: null,
    periodStart: new Date("2026-03-10T00:00:00Z"),
    currency: "USD",
    ...extra,
  };
}

const M = 1_000_000;
const pricer = createPricer({ prices: CATALOG, aliases: ALIASES, batchMultipliers: MULTIPLIERS, orgId: "org-a" });

type Case = [name: string, input: PriceInput, estimated: string | null, extra?: { list?: string; unpriced?: boolean; pricedModel?: string; reason?: RegExp }];

const CASES: Case[] = [
  // OpenAI: the mapper has already split input_tokens (which includes cached) into exclusive buckets.
  ["gpt-4o, 1M uncached input", input("openai", "gpt-4o", { uncachedInputTokens: M }), "2.5"],
  ["gpt-4o, 1M output", input("openai", "gpt-4o", { outputTokens: M }), "10"],
  ["gpt-4o, 1M cached input at half price", input("openai", "gpt-4o", { cacheReadInputTokens: M }), "1.25"],
  ["gpt-4o, 1M input of which 400k cached: each token priced once", input("openai", "gpt-4o", { uncachedInputTokens: 600_000, cacheReadInputTokens: 400_000 }), "2"],
  ["gpt-4o-mini, 10M in and 1M out", input("openai", "gpt-4o-mini", { uncachedInputTokens: 10 * M, outputTokens: M }), "2.1"],
  ["gpt-4o batch from its own batch row", input("openai", "gpt-4o", { uncachedInputTokens: 2 * M }, { serviceTier: "batch" }), "2.5"],
  ["gpt-4o-mini batch at the published 50 % when there is no batch row", input("openai", "gpt-4o-mini", { uncachedInputTokens: M }, { serviceTier: "batch" }), "0.075"],
  ["gpt-4o-mini flex at the batch discount", input("openai", "gpt-4o-mini", { outputTokens: M }, { serviceTier: "flex" }), "0.3"],
  ["priority without a priority price is not guessed", input("openai", "gpt-4o-mini", { outputTokens: M }, { serviceTier: "priority" }), null, { unpriced: true, reason: /no priority price for openai\/gpt-4o-mini/ }],
  ["a dated version resolves to its model", input("openai", "gpt-4o-2024-08-06", { uncachedInputTokens: M }), "2.5", { pricedModel: "openai/gpt-4o" }],
  ["a dated version with its own price keeps it", input("openai", "gpt-4o-2024-05-13", { uncachedInputTokens: M }), "5", { pricedModel: "openai/gpt-4o-2024-05-13" }],
  ["o3 before its price cut", input("openai", "o3", { uncachedInputTokens: M, outputTokens: M }, { periodStart: new Date("2025-06-09T23:00:00Z") }), "50"],
  ["o3 from the day of its price cut", input("openai", "o3", { uncachedInputTokens: M, outputTokens: M }, { periodStart: new Date("2025-06-10T00:00:00Z") }), "10"],
  ["an embedding model prices input only", input("openai", "text-embedding-3-small", { uncachedInputTokens: 50 * M }), "1"],
  ["an unknown model is unpriced, never zero", input("openai", "gpt-9-turbo", { uncachedInputTokens: M }), null, { unpriced: true, reason: /no price for openai model "gpt-9-turbo"/ }],
  ["tokens without a model are unpriced", input("openai", null, { outputTokens: 10 }), null, { unpriced: true, reason: /no model named/ }],
  ["images priced per image", input("openai", "dall-e-3", {}, { otherUnits: "10", otherUnit: "images" }), "0.4"],
  ["ten minutes of transcription at $0.006 a minute", input("openai", "whisper-1", {}, { otherUnits: "600", otherUnit: "seconds" }), "0.06"],
  ["searches on a model without a search price are unpriced, never free", input("openai", "gpt-4o", { outputTokens: M }, { otherUnits: "5", otherUnit: "web_search_requests" }), null, { unpriced: true, reason: /no price per search/ }],
  // Anthropic: buckets come separately; 5-minute and 1-hour writes are priced apart.
  ["claude-sonnet-4-5, 1M uncached input", input("anthropic", "claude-sonnet-4-5-20250929", { uncachedInputTokens: M }), "3"],
  ["claude-sonnet-4-5, 1M cache reads at a tenth", input("anthropic", "claude-sonnet-4-5", { cacheReadInputTokens: M }), "0.3"],
  ["claude-sonnet-4-5, 1M five-minute cache writes", input("anthropic", "claude-sonnet-4-5", { cacheWrite5mInputTokens: M }), "3.75"],
  ["claude-sonnet-4-5, 1M one-hour cache writes", input("anthropic", "claude-sonnet-4-5", { cacheWrite1hInputTokens: M }), "6"],
  ["claude-sonnet-4-5, 1M output", input("anthropic", "claude-sonnet-4-5", { outputTokens: M }), "15"],
  [
    "the usage-report example: 1,500 uncached, 1,000 1-hour and 500 5-minute writes, 200 reads, 500 out",
    input("anthropic", "claude-sonnet-4-5", { uncachedInputTokens: 1500, cacheWrite1hInputTokens: 1000, cacheWrite5mInputTokens: 500, cacheReadInputTokens: 200, outputTokens: 500 }),
    "0.019935",
  ],
  ["claude-sonnet-4-5 above 200k tokens of context", input("anthropic", "claude-sonnet-4-5", { uncachedInputTokens: M, outputTokens: M }, { contextTier: "above_200k" }), "28.5"],
  ["a context tier the model has no price for falls back to its base price", input("anthropic", "claude-haiku-4-5", { uncachedInputTokens: M }, { contextTier: "above_200k" }), "1"],
  ["claude-sonnet-4-5 batch from its batch row", input("anthropic", "claude-sonnet-4-5", { uncachedInputTokens: M, outputTokens: M }, { serviceTier: "batch" }), "9"],
  ["claude-haiku-4-5 batch at the published 50 %", input("anthropic", "claude-haiku-4-5", { outputTokens: M }, { serviceTier: "batch" }), "2.5"],
  ["a display name through the alias table", input("anthropic", "Claude Haiku 4.5", { uncachedInputTokens: 2 * M }), "2", { pricedModel: "anthropic/claude-haiku-4-5" }],
  ["web searches at $10 per 1,000 beside the model's tokens", input("anthropic", "claude-sonnet-4-5", { outputTokens: M }, { otherUnits: "100", otherUnit: "web_search_requests" }), "16"],
  ["claude-opus-4-1, 100k in and 10k out", input("anthropic", "claude-opus-4-1-20250805", { uncachedInputTokens: 100_000, outputTokens: 10_000 }), "2.25"],
  ["a one-hour cache write without its own price costs what a five-minute one does", input("anthropic", "claude-3-5-sonnet", { cacheWrite1hInputTokens: M }), "3.75"],
  // AWS Bedrock
  ["Bedrock's own price for Claude Sonnet 4.6", input("aws-bedrock", "claude-sonnet-4-6", { uncachedInputTokens: M, outputTokens: 100_000 }), "4.5", { pricedModel: "aws-bedrock/claude-sonnet-4-6" }],
  ["a Bedrock Claude without a Bedrock row takes Anthropic's list price", input("aws-bedrock", "claude-haiku-4-5", { uncachedInputTokens: M }), "1", { pricedModel: "anthropic/claude-haiku-4-5" }],
  ["a Bedrock model ARN with region and version", input("aws-bedrock", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", { uncachedInputTokens: 4 * M }), "1", { pricedModel: "anthropic/claude-3-haiku" }],
  ["a cross-region inference profile id", input("aws-bedrock", "us.anthropic.claude-3-5-sonnet-20240620-v1:0", { outputTokens: M }), "15", { pricedModel: "anthropic/claude-3-5-sonnet" }],
  ["Amazon Nova Pro", input("aws-bedrock", "nova-pro", { uncachedInputTokens: M, cacheReadInputTokens: M, outputTokens: M }), "4.2"],
  ["Meta Llama 3.1 70B", input("aws-bedrock", "llama3-1-70b-instruct", { uncachedInputTokens: M, outputTokens: M }), "1.44"],
  // Azure OpenAI
  ["Azure OpenAI gpt-4o, Global Standard", input("azure-openai", "gpt-4o", { uncachedInputTokens: M }), "2.5", { pricedModel: "azure-openai/gpt-4o" }],
  ["an Azure deployment name mapped by the organization", input("azure-openai", "prod-chat-4o", { outputTokens: M }), "10", { pricedModel: "azure-openai/gpt-4o" }],
  ["an Azure model without an Azure row takes OpenAI's list price", input("azure-openai", "gpt-4o-mini", { uncachedInputTokens: M }), "0.15", { pricedModel: "openai/gpt-4o-mini" }],
  // Google Vertex AI
  ["Gemini 2.5 Pro up to 200k tokens", input("gcp-vertex", "gemini-2.5-pro", { uncachedInputTokens: M, outputTokens: M }), "11.25"],
  ["Gemini 2.5 Pro above 200k tokens", input("gcp-vertex", "gemini-2.5-pro", { uncachedInputTokens: M, outputTokens: M }, { contextTier: "above_200k" }), "17.5"],
  ["a provider/model form", input("gcp-vertex", "vertex_ai/gemini-2.5-flash", { uncachedInputTokens: 10 * M }), "3"],
  // Nothing to price
  ["a cost-only row is neither priced nor unpriced", input("openai", "gpt-4o", {}, { billedCost: "12.5" }), null, { unpriced: false }],
  ["a cloud's own units with a bill are not AI usage to price", input("aws", null, {}, { otherUnits: "2", otherUnit: "Requests", billedCost: "0.0000008" }), null, { unpriced: false }],
];

describe("pricing a record from the catalog", () => {
  it("covers at least forty cases", () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)("%s", (_name, record, estimated, extra = {}) => {
    const outcome = pricer(record);
    expect(outcome.estimatedCost).toBe(estimated);
    expect(outcome.listCost).toBe(extra.list ?? estimated);
    expect(outcome.unpriced).toBe(extra.unpriced ?? false);
    if (extra.pricedModel) expect(outcome.pricedModel).toBe(extra.pricedModel);
    if (extra.reason) expect(outcome.reason).toMatch(extra.reason);
  });

  it("does not let another organization's alias apply", () => {
    const other = createPricer({ prices: CATALOG, aliases: ALIASES, batchMultipliers: MULTIPLIERS, orgId: "org-b" });
    expect(other(input("azure-openai", "prod-chat-4o", { outputTokens: M })).unpriced).toBe(true);
  });
});

describe("contract prices", () => {
  const override = (fields: Partial<OverrideRow>): OverrideRow => ({
    provider: "openai",
    model: "",
    serviceTier: "",
    tokenType: null,
    pricePerMillion: null,
    discountPercent: null,
    validFrom: day("2026-01-01"),
    validTo: null,
    ...fields,
  });
  const withOverrides = (overrides: OverrideRow[]) => createPricer({ prices: CATALOG, aliases: ALIASES, batchMultipliers: MULTIPLIERS, overrides });

  it("applies a provider-wide discount and keeps the list price beside it", () => {
    const outcome = withOverrides([override({ discountPercent: toScaled("20", PRICE_SCALE) })])(input("openai", "gpt-4o", { uncachedInputTokens: M }));
    expect(outcome).toMatchObject({ estimatedCost: "2", listCost: "2.5" });
  });

  it("prefers a model's discount to the provider's", () => {
    const outcome = withOverrides([
      override({ discountPercent: toScaled("10", PRICE_SCALE) }),
      override({ model: "gpt-4o", discountPercent: toScaled("30", PRICE_SCALE) }),
    ])(input("openai", "gpt-4o", { outputTokens: M }));
    expect(outcome).toMatchObject({ estimatedCost: "7", listCost: "10" });
  });

  it("uses a contract price per token type, the list price for the rest", () => {
    const outcome = withOverrides([override({ model: "gpt-4o", tokenType: "output", pricePerMillion: toScaled("8", PRICE_SCALE) })])(
      input("openai", "gpt-4o", { uncachedInputTokens: M, outputTokens: M }),
    );
    expect(outcome).toMatchObject({ estimatedCost: "10.5", listCost: "12.5" });
  });

  it("is effective-dated: a price change mid-month prices each day at its own rate", () => {
    const pricer = withOverrides([override({ discountPercent: toScaled("50", PRICE_SCALE), validFrom: day("2026-03-15") })]);
    expect(pricer(input("openai", "gpt-4o", { uncachedInputTokens: M }, { periodStart: new Date("2026-03-14T00:00:00Z") })).estimatedCost).toBe("2.5");
    expect(pricer(input("openai", "gpt-4o", { uncachedInputTokens: M }, { periodStart: new Date("2026-03-15T00:00:00Z") })).estimatedCost).toBe("1.25");
  });

  it("can be limited to one service tier", () => {
    const pricer = withOverrides([override({ model: "gpt-4o", serviceTier: "batch", discountPercent: toScaled("10", PRICE_SCALE) })]);
    expect(pricer(input("openai", "gpt-4o", { uncachedInputTokens: M }, { serviceTier: "batch" })).estimatedCost).toBe("1.125");
    expect(pricer(input("openai", "gpt-4o", { uncachedInputTokens: M })).estimatedCost).toBe("2.5");
  });
});

describe("records with a bill, and records in another currency", () => {
  it("does not count billed usage of an unknown model as unpriced spend, but says why it has no estimate", () => {
    const outcome = pricer(input("openai", "gpt-unknown-9", { outputTokens: M }, { billedCost: "3" }));
    expect(outcome).toMatchObject({ estimatedCost: null, unpriced: false });
    expect(outcome.reason).toMatch(/no price for openai model "gpt-unknown-9"/);
  });

  const rates: Record<string, bigint> = { "USD\u0000EUR\u00002026-03-10": toScaled("0.92", 12), "GBP\u0000USD\u00002026-03-10": toScaled("1.25", 12) };
  const withRates = createPricer({ prices: CATALOG, aliases: ALIASES, rateOn: (from, to, day) => rates[`${from}\u0000${to}\u0000${day}`] ?? null });

  it("prices a record kept in EUR at the charge date's USD→EUR rate", () => {
    expect(withRates(input("azure-openai", "gpt-4o", { uncachedInputTokens: M }, { currency: "EUR" }))).toMatchObject({ estimatedCost: "2.3", listCost: "2.3" });
  });

  it("uses the inverse of a rate kept the other way round (GBP→USD 1.25: $2.50 is £2)", () => {
    expect(withRates(input("openai", "gpt-4o", { uncachedInputTokens: M }, { currency: "GBP" })).estimatedCost).toBe("2");
  });

  it("is unpriced, not converted at 1.0, when the day has no rate", () => {
    const outcome = withRates(input("openai", "gpt-4o", { uncachedInputTokens: M }, { currency: "EUR", periodStart: new Date("2026-03-11T00:00:00Z") }));
    expect(outcome).toMatchObject({ estimatedCost: null, unpriced: true });
    expect(outcome.reason).toMatch(/no exchange rate for 2026-03-11/);
  });
});
