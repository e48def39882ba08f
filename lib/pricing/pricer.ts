import { fromScaled, rescale, toScaled } from "@/lib/money";
import type { TokenBuckets } from "@/lib/ingest/types";

// Prices one usage record from the catalog: exclusive token buckets × the per-million price of each bucket, plus
// non-token units × their unit price, at the prices valid on the record's date, for its service tier and context
// tier, after the organization's aliases and contract prices. Pure, and fast (fixed-point BigInt): it runs on
// every record at ingest.
//
// Nothing is priced at zero silently: usage whose model, tier or bucket has no price is reported unpriced.

export const PRICE_SCALE = 12; // per-million prices are held × 10^12
const COST_SCALE = PRICE_SCALE + 6; // tokens × (price per million) / 10^6
const LEDGER_SCALE = 14; // numeric(32,14)

export const PRICED_BUCKETS = ["uncachedInput", "cacheRead", "cacheWrite5m", "cacheWrite1h", "output"] as const;
export type PricedBucket = (typeof PRICED_BUCKETS)[number];

export type PriceRow = {
  provider: string;
  model: string;
  serviceTier: string;
  contextTier: string;
  perMillion: Record<PricedBucket, bigint | null>;
  unit: string | null;
  unitPrice: bigint | null;
  currency: string;
  validFrom: number;
  validTo: number | null;
};

export type AliasRow = { orgId: string; provider: string; alias: string; model: string };

export type OverrideRow = {
  provider: string;
  model: string;
  serviceTier: string;
  tokenType: PricedBucket | null;
  pricePerMillion: bigint | null;
  /** Percent off, as a scaled value at PRICE_SCALE (e.g. 12.5 % → 12.5 × 10^12). */
  discountPercent: bigint | null;
  validFrom: number;
  validTo: number | null;
};

export type PriceInput = {
  provider: string;
  model: string | null;
  modelRaw: string | null;
  serviceTier: string | null;
  contextTier?: string | null;
  tokens: TokenBuckets;
  otherUnits: string | null;
  otherUnit: string | null;
  billedCost: string | null;
  periodStart: Date;
  currency: string;
};

export type PriceOutcome = {
  estimatedCost: string | null;
  listCost: string | null;
  unpriced: boolean;
  /** "provider/model" of the catalog entry used, after aliases and fallbacks. */
  pricedModel: string | null;
  /** Why it could not be priced. */
  reason: string | null;
};

/** Non-token units that are AI usage to be priced (other units, e.g. a cloud's "Requests", come with a bill). */
const AI_UNITS = new Set(["images", "characters", "seconds", "web_search_requests", "searches"]);

/** Where a platform resells another developer's models at that developer's list price. */
const DEVELOPER_OF: [RegExp, string][] = [
  [/^claude-/, "anthropic"],
  [/^(gpt-|o\d|text-embedding-|chatgpt-|dall-e|whisper|tts-)/, "openai"],
];

const BUCKET_OF: Record<PricedBucket, keyof TokenBuckets> = {
  uncachedInput: "uncachedInputTokens",
  cacheRead: "cacheReadInputTokens",
  cacheWrite5m: "cacheWrite5mInputTokens",
  cacheWrite1h: "cacheWrite1hInputTokens",
  output: "outputTokens",
};

export type PricerConfig = {
  prices: readonly PriceRow[];
  aliases: readonly AliasRow[];
  overrides?: readonly OverrideRow[];
  /** Per provider, the multiplier on standard prices for batch (and flex) when a model has no such row. */
  batchMultipliers?: Readonly<Record<string, string>>;
  /** The organization whose aliases apply (its own before global ones). */
  orgId?: string;
  /**
   * The organization's exchange rate from one currency to another on a day (YYYY-MM-DD), scaled by 10^12, or null:
   * prices a record kept in another currency than the catalog's (an Azure bill in EUR) at the charge date's rate.
   */
  rateOn?: (fromCurrency: string, toCurrency: string, day: string) => bigint | null;
};

const DATED = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

export function createPricer(config: PricerConfig): (input: PriceInput) => PriceOutcome {
  const byModel = new Map<string, PriceRow[]>();
  for (const row of config.prices) {
    const key = `${row.provider}\u0000${row.model}`;
    byModel.set(key, [...(byModel.get(key) ?? []), row]);
  }
  const orgId = config.orgId ?? "";
  const aliasOf = new Map<string, string>();
  // Later entries win: global any-provider, global provider-specific, the organization's any-provider, its own.
  const ordered = [...config.aliases].sort((a, b) => Number(a.orgId !== "") - Number(b.orgId !== "") || Number(a.provider !== "") - Number(b.provider !== ""));
  for (const alias of ordered) {
    if (alias.orgId !== "" && alias.orgId !== orgId) continue;
    aliasOf.set(`${alias.provider}\u0000${alias.alias.toLowerCase()}`, alias.model);
  }
  const multipliers = Object.fromEntries(Object.entries(config.batchMultipliers ?? {}).map(([provider, value]) => [provider, toScaled(value, PRICE_SCALE)]));
  const overrides = config.overrides ?? [];
  const cache = new Map<string, { provider: string; model: string } | null>();

  const known = (provider: string, model: string) => byModel.has(`${provider}\u0000${model}`);
  const alias = (provider: string, name: string) => aliasOf.get(`${provider}\u0000${name}`) ?? aliasOf.get(`\u0000${name}`);

  /** The catalog (provider, model) for a record's model, or null. */
  function resolve(provider: string, names: (string | null)[]): { provider: string; model: string } | null {
    const cacheKey = `${provider}\u0000${names.join("\u0001")}`;
    if (cache.has(cacheKey)) return cache.get(cacheKey)!;
    let found: { provider: string; model: string } | null = null;
    const candidates = names.filter((name): name is string => Boolean(name)).map((name) => name.toLowerCase());
    outer: for (const name of candidates) {
      for (const attempt of [name, name.replace(DATED, ""), name.replace(/-latest$/, "")]) {
        const aliased = alias(provider, attempt);
        for (const model of aliased ? [aliased, attempt] : [attempt]) {
          if (known(provider, model)) {
            found = { provider, model };
            break outer;
          }
          const developer = DEVELOPER_OF.find(([pattern]) => pattern.test(model))?.[1];
          if (developer && developer !== provider && known(developer, model)) {
            found = { provider: developer, model };
            break outer;
          }
        }
      }
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, found);
    return found;
  }

  function rowFor(provider: string, model: string, tier: string, contextTier: string, time: number): { row: PriceRow; multiplier: bigint | null } | null {
    const rows = (byModel.get(`${provider}\u0000${model}`) ?? []).filter((row) => row.validFrom <= time && (row.validTo === null || time < row.validTo));
    const pick = (wantedTier: string) =>
      rows.find((row) => row.serviceTier === wantedTier && row.contextTier === contextTier) ??
      rows.find((row) => row.serviceTier === wantedTier && row.contextTier === "");
    const exact = pick(tier);
    if (exact) return { row: exact, multiplier: null };
    const standard = pick("standard");
    if (!standard) return null;
    // Batch and flex at the provider's published discount when the catalog has no row of their own; priority
    // without a row is not guessed.
    if (tier === "batch" || tier === "flex") {
      const multiplier = multipliers[provider];
      return multiplier === undefined ? null : { row: standard, multiplier };
    }
    return tier === "standard" ? { row: standard, multiplier: null } : null;
  }

  function overrideFor(provider: string, model: string, tier: string, time: number, bucket: PricedBucket | "unit") {
    let price: bigint | null = null;
    let discount: bigint | null = null;
    for (const override of overrides) {
      if (override.provider !== provider || (override.model !== "" && override.model !== model)) continue;
      if (override.serviceTier !== "" && override.serviceTier !== tier) continue;
      if (override.validFrom > time || (override.validTo !== null && time >= override.validTo)) continue;
      if (override.tokenType !== null && override.pricePerMillion !== null) {
        if (override.tokenType === bucket) price = override.pricePerMillion;
      } else if (override.discountPercent !== null) {
        // A model's own discount beats the provider-wide one.
        if (discount === null || override.model !== "") discount = override.discountPercent;
      }
    }
    return { price, discount };
  }

  const one = 10n ** BigInt(PRICE_SCALE);
  /** A cost at COST_SCALE in the catalog's currency → the record's currency, or null without a rate. */
  function convert(amount: bigint, fromCurrency: string, toCurrency: string, day: string): bigint | null {
    const direct = config.rateOn?.(fromCurrency, toCurrency, day) ?? null;
    if (direct !== null) return (amount * direct) / one;
    const inverse = config.rateOn?.(toCurrency, fromCurrency, day) ?? null;
    return inverse === null || inverse === 0n ? null : (amount * one) / inverse;
  }

  const price = (input: PriceInput): PriceOutcome => {
    const needsTokens = PRICED_BUCKETS.some((bucket) => input.tokens[BUCKET_OF[bucket]] > 0);
    const units = input.otherUnits && input.otherUnit && AI_UNITS.has(input.otherUnit) && !/^-?0(\.0+)?$/.test(input.otherUnits) ? input.otherUnits : null;
    if (!needsTokens && !units) return { estimatedCost: null, listCost: null, unpriced: false, pricedModel: null, reason: null };
    const unpriced = (reason: string, pricedModel: string | null = null): PriceOutcome => ({ estimatedCost: null, listCost: null, unpriced: true, pricedModel, reason });

    const target = resolve(input.provider, [input.model, input.modelRaw]);
    if (!target) return unpriced(input.model || input.modelRaw ? `no price for ${input.provider} model "${input.modelRaw ?? input.model}"` : "no model named");
    const tier = input.serviceTier ?? "standard";
    const time = input.periodStart.getTime();
    const found = rowFor(target.provider, target.model, tier, input.contextTier ?? "", time);
    const pricedModel = `${target.provider}/${target.model}`;
    if (!found) return unpriced(`no ${tier} price for ${pricedModel} on ${input.periodStart.toISOString().slice(0, 10)}`, pricedModel);
    const day = input.periodStart.toISOString().slice(0, 10);
    if (found.row.currency !== input.currency && convert(0n, found.row.currency, input.currency, day) === null) {
      return unpriced(`prices are in ${found.row.currency}, the record in ${input.currency}, and there is no exchange rate for ${day}`, pricedModel);
    }

    let list = 0n;
    let estimated = 0n;
    const scaleBy = (price: bigint) => (found.multiplier === null ? price : (price * found.multiplier) / 10n ** BigInt(PRICE_SCALE));
    for (const bucket of PRICED_BUCKETS) {
      const count = input.tokens[BUCKET_OF[bucket]];
      if (count === 0) continue;
      const perMillion = found.row.perMillion;
      // Without its own price, a cache write costs what uncached input costs (a one-hour write what a five-minute
      // one costs); a cache read without a price is not assumed free.
      const listPrice =
        perMillion[bucket] ??
        (bucket === "cacheWrite1h" ? perMillion.cacheWrite5m ?? perMillion.uncachedInput : bucket === "cacheWrite5m" ? perMillion.uncachedInput : null);
      if (listPrice === null) return unpriced(`no ${bucket} price for ${pricedModel}`, pricedModel);
      const tokens = BigInt(count);
      const listCost = tokens * scaleBy(listPrice);
      const override = overrideFor(target.provider, target.model, tier, time, bucket);
      const contract = override.price ?? (override.discount === null ? scaleBy(listPrice) : (scaleBy(listPrice) * (100n * 10n ** BigInt(PRICE_SCALE) - override.discount)) / (100n * 10n ** BigInt(PRICE_SCALE)));
      list += listCost;
      estimated += tokens * contract;
    }
    if (units) {
      if (found.row.unitPrice === null || found.row.unit === null || !input.otherUnit!.startsWith(found.row.unit)) {
        if (!needsTokens) return unpriced(`no price per ${input.otherUnit} for ${pricedModel}`, pricedModel);
      } else {
        const quantity = toScaled(units, 6);
        const unitList = quantity * scaleBy(found.row.unitPrice); // quantity at scale 6 × price at scale 12 → scale 18
        const override = overrideFor(target.provider, target.model, tier, time, "unit");
        const unitContract = override.discount === null ? unitList : (unitList * (100n * 10n ** BigInt(PRICE_SCALE) - override.discount)) / (100n * 10n ** BigInt(PRICE_SCALE));
        list += unitList;
        estimated += unitContract;
      }
    }
    if (found.row.currency !== input.currency) {
      list = convert(list, found.row.currency, input.currency, day)!;
      estimated = convert(estimated, found.row.currency, input.currency, day)!;
    }
    // Rounded to the ledger's 14 decimal places here, so sums in JS (upload totals) and in SQL agree exactly.
    return {
      estimatedCost: fromScaled(rescale(estimated, COST_SCALE, LEDGER_SCALE), LEDGER_SCALE),
      listCost: fromScaled(rescale(list, COST_SCALE, LEDGER_SCALE), LEDGER_SCALE),
      unpriced: false,
      pricedModel,
      reason: null,
    };
  };

  // A record with a bill is not unpriced spend (its cost is known); it keeps no estimate, and says why.
  return (input) => {
    const outcome = price(input);
    return outcome.unpriced && input.billedCost !== null ? { ...outcome, unpriced: false } : outcome;
  };
}
