import { toScaled } from "@/lib/money";
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
  /** The same costs × 10^14, for summing a million of them without parsing strings back. */
  estimatedScaled?: bigint;
  listScaled?: bigint;
};

/**
 * Non-token units that are AI usage to be priced (other units, e.g. a cloud's "Requests", come with a bill), by
 * the unit the catalog prices them in.
 */
const UNIT_KIND: Record<string, string> = {
  images: "image",
  characters: "character",
  seconds: "second",
  web_search_requests: "search",
  searches: "search",
};
const unitKind = (unit: string) => UNIT_KIND[unit] ?? unit.replace(/s$/, "");

/** Units a provider prices as a tool, whatever the model ("web-search": Anthropic's $10 per 1,000 searches). */
const TOOL_MODEL: Record<string, string> = { search: "web-search" };

/** Where a platform resells another developer's models at that developer's list price. */
const DEVELOPER_OF: [RegExp, string][] = [
  [/^claude-/, "anthropic"],
  [/^(gpt-|o\d|text-embedding-|chatgpt-|dall-e|whisper|tts-)/, "openai"],
];

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

const DAY_MS = 86_400_000;
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
  const resolved = new Map<string, Map<string | null, Map<string | null, { provider: string; model: string } | null>>>();
  let resolvedCount = 0;

  const known = (provider: string, model: string) => byModel.has(`${provider}\u0000${model}`);
  const toolTargets = new Map<string, { provider: string; model: string }>();
  /** One stable target object per provider tool, so its plans are cached like any model's. */
  const toolTarget = (provider: string, model: string) => {
    const key = `${provider}/${model}`;
    let target = toolTargets.get(key);
    if (!target) toolTargets.set(key, (target = { provider, model }));
    return target;
  };
  const alias = (provider: string, name: string) => aliasOf.get(`${provider}\u0000${name}`) ?? aliasOf.get(`\u0000${name}`);

  /** The catalog (provider, model) for a record's model, or null. */
  function resolve(provider: string, model: string | null, modelRaw: string | null): { provider: string; model: string } | null {
    // Nested maps rather than a joined key: no string is built per record.
    let forProvider = resolved.get(provider);
    if (!forProvider) resolved.set(provider, (forProvider = new Map()));
    let byRaw = forProvider.get(model);
    if (!byRaw) forProvider.set(model, (byRaw = new Map()));
    const cached = byRaw.get(modelRaw);
    if (cached !== undefined) return cached;
    let found: { provider: string; model: string } | null = null;
    const candidates = [model, modelRaw].filter((name): name is string => Boolean(name)).map((name) => name.toLowerCase());
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
    if (++resolvedCount > 10_000) {
      resolved.clear();
      resolvedCount = 0;
    }
    byRaw.set(modelRaw, found);
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
  const hundred = 100n * one;
  const toLedger = 10n ** BigInt(COST_SCALE - LEDGER_SCALE);
  const half = toLedger / 2n;
  /**
   * A cost rounded to the ledger's 14 places (half away from zero; costs are never negative) as a decimal string.
   * By hand rather than lib/money's fromScaled: this runs twice per record, and skipping its regex halves it.
   */
  const ledger = (rounded: bigint) => {
    let digits = rounded.toString();
    if (digits.length <= LEDGER_SCALE) digits = "0".repeat(LEDGER_SCALE + 1 - digits.length) + digits;
    const point = digits.length - LEDGER_SCALE;
    let end = digits.length;
    while (end > point && digits.charCodeAt(end - 1) === 48) end--;
    return end === point ? digits.slice(0, point) : digits.slice(0, point) + "." + digits.slice(point, end);
  };

  /** A cost at COST_SCALE in the catalog's currency → the record's currency, or null without a rate. */
  function convert(amount: bigint, fromCurrency: string, toCurrency: string, day: string): bigint | null {
    const direct = config.rateOn?.(fromCurrency, toCurrency, day) ?? null;
    if (direct !== null) return (amount * direct) / one;
    const inverse = config.rateOn?.(toCurrency, fromCurrency, day) ?? null;
    return inverse === null || inverse === 0n ? null : (amount * one) / inverse;
  }

  /**
   * What pricing a (model, service tier, context tier, day) comes to: per bucket, the list price and the contract
   * price (after the batch multiplier and overrides), or why it cannot be priced. Computed once and cached: a
   * file has few distinct combinations and a million records.
   */
  type Plan =
    | { ok: false; reason: string; pricedModel: string | null }
    | {
        ok: true;
        pricedModel: string;
        currency: string;
        list: (bigint | null)[];
        contract: (bigint | null)[];
        /** No contract price applies: the estimate is the list cost (computed once). */
        atList: boolean;
        unit: string | null;
        unitList: bigint | null;
        unitDiscount: bigint | null;
      };
  // Per resolved target (the same object for every record of a model), per tier, per time.
  const plans = new Map<object, Map<string, Map<number, Plan>>>();
  let planCount = 0;

  function planFor(target: { provider: string; model: string }, tier: string, contextTier: string, time: number): Plan {
    let byTier = plans.get(target);
    if (!byTier) plans.set(target, (byTier = new Map()));
    const tierKey = contextTier ? tier + "\u0000" + contextTier : tier;
    let byTime = byTier.get(tierKey);
    if (!byTime) byTier.set(tierKey, (byTime = new Map()));
    const cached = byTime.get(time);
    if (cached) return cached;
    const pricedModel = `${target.provider}/${target.model}`;
    let plan: Plan;
    const found = rowFor(target.provider, target.model, tier, contextTier, time);
    if (!found) plan = { ok: false, reason: `no ${tier} price for ${pricedModel} on ${new Date(time).toISOString().slice(0, 10)}`, pricedModel };
    else {
      const scaleBy = (price: bigint) => (found.multiplier === null ? price : (price * found.multiplier) / one);
      const perMillion = found.row.perMillion;
      const list: (bigint | null)[] = [];
      const contract: (bigint | null)[] = [];
      for (const bucket of PRICED_BUCKETS) {
        // Without its own price, a cache write costs what uncached input costs (a one-hour write what a
        // five-minute one costs); a cache read without a price is not assumed free.
        const listPrice =
          perMillion[bucket] ??
          (bucket === "cacheWrite1h" ? perMillion.cacheWrite5m ?? perMillion.uncachedInput : bucket === "cacheWrite5m" ? perMillion.uncachedInput : null);
        if (listPrice === null) {
          list.push(null);
          contract.push(null);
          continue;
        }
        const override = overrideFor(target.provider, target.model, tier, time, bucket);
        list.push(scaleBy(listPrice));
        contract.push(override.price ?? (override.discount === null ? scaleBy(listPrice) : (scaleBy(listPrice) * (hundred - override.discount)) / hundred));
      }
      const unitOverride = overrideFor(target.provider, target.model, tier, time, "unit");
      plan = {
        ok: true,
        pricedModel,
        currency: found.row.currency,
        list,
        contract,
        atList: unitOverride.discount === null && list.every((value, index) => value === contract[index]),
        unit: found.row.unit,
        unitList: found.row.unitPrice === null ? null : scaleBy(found.row.unitPrice),
        unitDiscount: unitOverride.discount,
      };
    }
    if (++planCount > 100_000) {
      plans.clear();
      planCount = 0;
    }
    byTime.set(time, plan);
    return plan;
  }

  const price = (input: PriceInput): PriceOutcome => {
    const tokens = input.tokens;
    const counts = [tokens.uncachedInputTokens, tokens.cacheReadInputTokens, tokens.cacheWrite5mInputTokens, tokens.cacheWrite1hInputTokens, tokens.outputTokens];
    const needsTokens = counts[0]! > 0 || counts[1]! > 0 || counts[2]! > 0 || counts[3]! > 0 || counts[4]! > 0;
    const units = input.otherUnits && input.otherUnit && Object.hasOwn(UNIT_KIND, input.otherUnit) && !/^-?0(\.0+)?$/.test(input.otherUnits) ? input.otherUnits : null;
    if (!needsTokens && !units) return { estimatedCost: null, listCost: null, unpriced: false, pricedModel: null, reason: null };
    const unpriced = (reason: string, pricedModel: string | null = null): PriceOutcome => ({ estimatedCost: null, listCost: null, unpriced: true, pricedModel, reason });

    const target = resolve(input.provider, input.model, input.modelRaw);
    if (!target) return unpriced(input.model || input.modelRaw ? `no price for ${input.provider} model "${input.modelRaw ?? input.model}"` : "no model named");
    // Prices and contract prices change at day boundaries (UTC): one plan per day, whatever the records' hours.
    const time = input.periodStart.getTime();
    const dayStart = time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
    const plan = planFor(target, input.serviceTier ?? "standard", input.contextTier ?? "", dayStart);
    if (!plan.ok) return unpriced(plan.reason, plan.pricedModel);

    let list = 0n;
    let estimated = 0n;
    for (let index = 0; index < 5; index++) {
      const count = counts[index]!;
      if (count === 0) continue;
      const listPrice = plan.list[index]!;
      if (listPrice === null) return unpriced(`no ${PRICED_BUCKETS[index]} price for ${plan.pricedModel}`, plan.pricedModel);
      const quantity = BigInt(count);
      list += quantity * listPrice;
      if (!plan.atList) estimated += quantity * plan.contract[index]!;
    }
    if (plan.atList) estimated = list;
    if (units) {
      // The model's own unit price (an image model), else the provider's tool price (web search); unit usage
      // without either makes the record unpriced rather than silently free beside its tokens.
      const kind = unitKind(input.otherUnit!);
      let unitPlan: Plan = plan;
      if (plan.unit === null || unitKind(plan.unit) !== kind || plan.unitList === null) {
        const tool = TOOL_MODEL[kind];
        unitPlan = tool && known(target.provider, tool) ? planFor(toolTarget(target.provider, tool), "standard", "", dayStart) : plan;
      }
      if (!unitPlan.ok || unitPlan.unit === null || unitKind(unitPlan.unit) !== kind || unitPlan.unitList === null) {
        return unpriced(`no price per ${kind} for ${plan.pricedModel}`, plan.pricedModel);
      }
      const unitList = toScaled(units, 6) * unitPlan.unitList; // quantity at scale 6 × price at scale 12 → scale 18
      list += unitList;
      estimated += unitPlan.unitDiscount === null ? unitList : (unitList * (hundred - unitPlan.unitDiscount)) / hundred;
    }
    if (plan.currency !== input.currency) {
      const day = input.periodStart.toISOString().slice(0, 10);
      const convertedList = convert(list, plan.currency, input.currency, day);
      const convertedEstimate = convert(estimated, plan.currency, input.currency, day);
      if (convertedList === null || convertedEstimate === null) {
        return unpriced(`prices are in ${plan.currency}, the record in ${input.currency}, and there is no exchange rate for ${day}`, plan.pricedModel);
      }
      list = convertedList;
      estimated = convertedEstimate;
    }
    // Rounded to the ledger's 14 decimal places here, so sums in JS (upload totals) and in SQL agree exactly.
    const listScaled = (list + half) / toLedger;
    const listCost = ledger(listScaled);
    if (estimated === list) return { estimatedCost: listCost, listCost, unpriced: false, pricedModel: plan.pricedModel, reason: null, estimatedScaled: listScaled, listScaled };
    const estimatedScaled = (estimated + half) / toLedger;
    return { estimatedCost: ledger(estimatedScaled), listCost, unpriced: false, pricedModel: plan.pricedModel, reason: null, estimatedScaled, listScaled };
  };

  // A record with a bill is not unpriced spend (its cost is known); it keeps no estimate, and says why.
  return (input) => {
    const outcome = price(input);
    return outcome.unpriced && input.billedCost !== null ? { ...outcome, unpriced: false } : outcome;
  };
}
