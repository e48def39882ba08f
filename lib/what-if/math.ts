import Decimal from "decimal.js";

// The what-if's arithmetic, pure and exact (decimal.js; token counts and prices arrive as decimal strings).
//
//   input      = uncached + cache read + cache write (5 min and 1 h) tokens of the window
//   h          = the expected cache-hit share / 100
//   projected  = input × (1 − h) × uncachedInput / 10^6
//              + input × h       × cacheRead     / 10^6   (uncachedInput when the model has no cache price)
//              + output          × output        / 10^6
//
// Cache writes count as input like any other, split by h. The write surcharge (Anthropic's 1.25× input for a
// five-minute write) is left out: how much a new model would write depends on how the prompts are built, not on
// the volume. The token split stays fractional (h × input need not be whole): cost is linear, and rounding tokens
// first would only move the answer. Money is rounded to the cent once, at the end.

export type PricesPerMillion = { uncachedInput: string; cacheRead: string | null; output: string };
export type Volume = { inputTokens: string; outputTokens: string };

const MILLION = new Decimal(1_000_000);

/** The projected cost of a volume at a model's prices with a cache-hit share in percent (0–100), unrounded. */
export function projectedCost(volume: Volume, prices: PricesPerMillion, cacheHitShare: string): Decimal {
  const share = new Decimal(cacheHitShare).dividedBy(100);
  if (share.isNegative() || share.greaterThan(1)) throw new RangeError(`cache-hit share ${cacheHitShare} is outside 0–100`);
  const input = new Decimal(volume.inputTokens);
  const cached = input.times(share);
  const uncached = input.minus(cached);
  return uncached
    .times(prices.uncachedInput)
    .plus(cached.times(prices.cacheRead ?? prices.uncachedInput))
    .plus(new Decimal(volume.outputTokens).times(prices.output))
    .dividedBy(MILLION);
}

/** Money to the cent, half away from zero: "12.345" → "12.35". */
export function toCents(amount: Decimal.Value): string {
  return new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** part / whole as a percentage to one decimal ("37.5"); "0.0" for an empty whole. */
export function percentOf(part: Decimal.Value, whole: Decimal.Value): string {
  const total = new Decimal(whole);
  if (total.isZero()) return "0.0";
  return new Decimal(part).dividedBy(total).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
}

/**
 * Projected against today's, both already rounded to the cent so the three figures shown add up. The percent is
 * of today's cost (one decimal), null when today's is zero.
 */
export function differenceOf(current: string, projected: string): { amount: string; percent: string | null } {
  const before = new Decimal(current);
  const amount = new Decimal(projected).minus(before);
  return { amount: amount.toFixed(2), percent: before.isZero() ? null : percentOf(amount, before) };
}
