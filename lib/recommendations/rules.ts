import Decimal from "decimal.js";
import { BATCH_MULTIPLIER, CATALOG, type CatalogPrice, type CatalogTokenPrices } from "@/lib/pricing/catalog-data";
import { baseModel, cheaperModel } from "@/lib/pricing/families";

// The recommendation rules (docs/recommendations.md), pure: the caller reads the last 30 days of the rollups into
// `Usage` rows (one per workflow, team, provider and model, standard-tier volume only), and each rule returns its
// findings with the evidence and the saving per 30 days, in USD at catalog list prices (the caller converts to the
// reporting currency). Thresholds are named constants so the document and the tests quote the same numbers.

export const WINDOW_DAYS = 30;

/** Right-size: short requests (input and output per request at most these) at volume (at least this many). */
export const RIGHT_SIZE = { maxInputPerRequest: 4_000, maxOutputPerRequest: 800, minRequests: 10_000 } as const;
/** Prompt caching: large input per request, repeated, little of it read from the cache. */
export const CACHING = { minInputPerRequest: 2_000, minRequests: 1_000, maxCacheReadShare: "0.25", targetShare: "0.5" } as const;
/** Trim context: input per request grew this much more than output over the window's second half. */
export const TRIM = { minInputGrowth: "0.25", minGapOverOutput: "0.2", minRequests: 1_000 } as const;

export type Usage = {
  workflowId: string | null;
  workflowName: string | null;
  teamId: string | null;
  provider: string;
  model: string;
  /** Workflow setting: false = not interactive (batch-friendly). */
  interactive: boolean | null;
  requests: Decimal;
  uncached: Decimal;
  cacheRead: Decimal;
  cacheWrite: Decimal;
  output: Decimal;
  /** The window's first and second half (15 days each): requests, input and output tokens. */
  earlier: { requests: Decimal; input: Decimal; output: Decimal };
  recent: { requests: Decimal; input: Decimal; output: Decimal };
  /** Requests per day over the window, for the evidence chart. */
  daily: { day: string; requests: string; inputPerRequest: string }[];
};

export type Finding = {
  kind: "right_size" | "prompt_caching" | "batch" | "trim_context";
  dedupeKey: string;
  workflowId: string | null;
  teamId: string | null;
  provider: string;
  model: string;
  targetModel: string | null;
  title: string;
  action: string;
  /** USD per 30 days, exact. */
  savingUsd: Decimal;
  confidence: "high" | "medium" | "low";
  figures: Record<string, string>;
  series: { day: string; value: string }[];
  seriesLabel: string;
};

/** The catalog's standard, base-context list price of a model at a provider (dated ids read as their model). */
export function catalogPrice(provider: string, model: string): CatalogTokenPrices | null {
  const base = baseModel(model);
  const row = CATALOG.find(
    (price: CatalogPrice) => price.provider === provider && price.model === base && price.serviceTier === "standard" && price.contextTier === "" && !price.validTo && !price.perUnit,
  );
  return row?.perMillion ?? null;
}

const million = new Decimal(1_000_000);
const per = (tokens: Decimal, price: string | undefined) => tokens.times(price ?? 0).dividedBy(million);
const input = (usage: Usage) => usage.uncached.plus(usage.cacheRead).plus(usage.cacheWrite);
const fixed = (value: Decimal, places = 0) => value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);

/** What the usage costs at a price (cache writes at the 5-minute write price, or the input price where none). */
export function costAt(usage: Pick<Usage, "uncached" | "cacheRead" | "cacheWrite" | "output">, price: CatalogTokenPrices): Decimal {
  return per(usage.uncached, price.uncachedInput)
    .plus(per(usage.cacheRead, price.cacheRead ?? price.uncachedInput))
    .plus(per(usage.cacheWrite, price.cacheWrite5m ?? price.uncachedInput))
    .plus(per(usage.output, price.output));
}

const scopeName = (usage: Usage) => usage.workflowName ?? "Unassigned usage";
const requestsSeries = (usage: Usage) => usage.daily.map((day) => ({ day: day.day, value: day.requests }));

/** 1. Right-size: the next cheaper model of the family, for short requests at volume. */
export function rightSize(usage: Usage): Finding | null {
  const target = cheaperModel(usage.model);
  const current = catalogPrice(usage.provider, usage.model);
  const next = target ? catalogPrice(usage.provider, target) : null;
  if (!target || !current || !next || usage.requests.lt(RIGHT_SIZE.minRequests)) return null;
  const inputPer = input(usage).dividedBy(usage.requests);
  const outputPer = usage.output.dividedBy(usage.requests);
  if (inputPer.gt(RIGHT_SIZE.maxInputPerRequest) || outputPer.gt(RIGHT_SIZE.maxOutputPerRequest)) return null;
  const now = costAt(usage, current);
  const then = costAt(usage, next);
  const saving = now.minus(then);
  if (saving.lte(0)) return null;
  return {
    kind: "right_size",
    dedupeKey: `right_size:${usage.workflowId ?? ""}:${usage.provider}:${baseModel(usage.model)}`,
    workflowId: usage.workflowId,
    teamId: usage.teamId,
    provider: usage.provider,
    model: usage.model,
    targetModel: target,
    title: `Move ${scopeName(usage)} from ${baseModel(usage.model)} to ${target}`,
    action: `Route ${scopeName(usage)}'s requests to ${target} (same family, same API). Its requests are short (${fixed(inputPer)} input and ${fixed(outputPer)} output tokens on average) and frequent (${fixed(usage.requests)} in ${WINDOW_DAYS} days); check quality on a sample first.`,
    savingUsd: saving,
    confidence: outputPer.lte(300) && usage.requests.gte(100_000) ? "high" : "medium",
    figures: {
      requests: fixed(usage.requests),
      inputPerRequest: fixed(inputPer),
      outputPerRequest: fixed(outputPer),
      currentCost: fixed(now, 2),
      targetCost: fixed(then, 2),
    },
    series: requestsSeries(usage),
    seriesLabel: "Requests per day",
  };
}

/** 2. Prompt caching: large, repeated input with a low cache-read share; saving at the cache-read price up to the target share. */
export function promptCaching(usage: Usage): Finding | null {
  const price = catalogPrice(usage.provider, usage.model);
  if (!price?.cacheRead || usage.requests.lt(CACHING.minRequests)) return null;
  const totalInput = input(usage);
  const inputPer = totalInput.dividedBy(usage.requests);
  const share = totalInput.isZero() ? new Decimal(0) : usage.cacheRead.dividedBy(totalInput);
  if (inputPer.lt(CACHING.minInputPerRequest) || share.gte(CACHING.maxCacheReadShare)) return null;
  // The tokens that would move from uncached input to cache reads.
  const movable = Decimal.min(usage.uncached, totalInput.times(CACHING.targetShare).minus(usage.cacheRead));
  const saving = per(movable, price.uncachedInput).minus(per(movable, price.cacheRead));
  if (saving.lte(0)) return null;
  return {
    kind: "prompt_caching",
    dedupeKey: `prompt_caching:${usage.workflowId ?? ""}:${usage.provider}:${baseModel(usage.model)}`,
    workflowId: usage.workflowId,
    teamId: usage.teamId,
    provider: usage.provider,
    model: usage.model,
    targetModel: null,
    title: `Turn on prompt caching for ${scopeName(usage)} on ${baseModel(usage.model)}`,
    action: `Put the stable part of ${scopeName(usage)}'s prompts (instructions, shared context) first and mark it cacheable: ${fixed(inputPer)} input tokens per request, only ${fixed(share.times(100), 1)} % read from the cache. The estimate assumes half of the input becomes cache reads.`,
    savingUsd: saving,
    confidence: inputPer.gte(8_000) ? "high" : "medium",
    figures: {
      requests: fixed(usage.requests),
      inputPerRequest: fixed(inputPer),
      cacheReadSharePercent: fixed(share.times(100), 1),
      targetSharePercent: fixed(new Decimal(CACHING.targetShare).times(100)),
      tokensToCache: fixed(movable),
    },
    series: usage.daily.map((day) => ({ day: day.day, value: day.inputPerRequest })),
    seriesLabel: "Input tokens per request",
  };
}

/** 3. Batch: a non-interactive workflow's standard-tier volume at the provider's batch discount. */
export function batch(usage: Usage): Finding | null {
  const price = catalogPrice(usage.provider, usage.model);
  const multiplier = BATCH_MULTIPLIER[usage.provider as CatalogPrice["provider"]];
  if (usage.interactive !== false || !price || !multiplier || usage.requests.isZero()) return null;
  const now = costAt(usage, price);
  const saving = now.times(new Decimal(1).minus(multiplier));
  if (saving.lte(0)) return null;
  return {
    kind: "batch",
    dedupeKey: `batch:${usage.workflowId ?? ""}:${usage.provider}:${baseModel(usage.model)}`,
    workflowId: usage.workflowId,
    teamId: usage.teamId,
    provider: usage.provider,
    model: usage.model,
    targetModel: null,
    title: `Send ${scopeName(usage)} through the batch API`,
    action: `${scopeName(usage)} is not interactive (its workflow setting): submit its ${fixed(usage.requests)} requests a month as batch jobs, at ${fixed(new Decimal(1).minus(multiplier).times(100))} % off, answered within 24 hours.`,
    savingUsd: saving,
    confidence: "high",
    figures: { requests: fixed(usage.requests), currentCost: fixed(now, 2), discountPercent: fixed(new Decimal(1).minus(multiplier).times(100)) },
    series: requestsSeries(usage),
    seriesLabel: "Requests per day",
  };
}

/** 4. Trim context: input per request grew much faster than output between the window's halves. */
export function trimContext(usage: Usage): Finding | null {
  const price = catalogPrice(usage.provider, usage.model);
  const { earlier, recent } = usage;
  if (!price || earlier.requests.isZero() || recent.requests.isZero() || earlier.input.isZero() || usage.requests.lt(TRIM.minRequests)) return null;
  const inputBefore = earlier.input.dividedBy(earlier.requests);
  const inputNow = recent.input.dividedBy(recent.requests);
  const outputBefore = earlier.output.dividedBy(earlier.requests);
  const outputNow = recent.output.dividedBy(recent.requests);
  const inputGrowth = inputNow.dividedBy(inputBefore).minus(1);
  const outputGrowth = outputBefore.isZero() ? new Decimal(0) : outputNow.dividedBy(outputBefore).minus(1);
  if (inputGrowth.lt(TRIM.minInputGrowth) || inputGrowth.minus(outputGrowth).lt(TRIM.minGapOverOutput)) return null;
  // Back to the earlier input per request, at the recent volume, at the uncached input price.
  const perMonth = recent.requests.dividedBy(15).times(WINDOW_DAYS);
  const saving = per(inputNow.minus(inputBefore).times(perMonth), price.uncachedInput);
  return {
    kind: "trim_context",
    dedupeKey: `trim_context:${usage.workflowId ?? ""}:${usage.provider}:${baseModel(usage.model)}`,
    workflowId: usage.workflowId,
    teamId: usage.teamId,
    provider: usage.provider,
    model: usage.model,
    targetModel: null,
    title: `Trim the context of ${scopeName(usage)}`,
    action: `Input per request grew ${fixed(inputGrowth.times(100))} % (${fixed(inputBefore)} → ${fixed(inputNow)} tokens) while output grew ${fixed(outputGrowth.times(100))} %: look for retrieval returning more chunks, longer histories or duplicated instructions.`,
    savingUsd: saving,
    confidence: inputGrowth.gte(0.5) ? "high" : "medium",
    figures: {
      inputPerRequestBefore: fixed(inputBefore),
      inputPerRequestNow: fixed(inputNow),
      inputGrowthPercent: fixed(inputGrowth.times(100), 1),
      outputGrowthPercent: fixed(outputGrowth.times(100), 1),
      requestsPerMonth: fixed(perMonth),
    },
    series: usage.daily.map((day) => ({ day: day.day, value: day.inputPerRequest })),
    seriesLabel: "Input tokens per request",
  };
}

export const RULES = [rightSize, promptCaching, batch, trimContext] as const;
