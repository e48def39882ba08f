import Decimal from "decimal.js";

// Splitting shared spend for chargeback, to the cent: the amount is rounded to cents once, each part gets the floor
// of its exact share in cents, and the cents left over go to the largest remainders (ties by key), so the parts
// always add up to the rounded amount exactly. Pure and tested; the chargeback report uses it.

export type SplitMethod = "even" | "fixed" | "proportional";

/**
 * Parts of `amount` (a decimal string) by weight. even: equal; fixed: weights are percentages summing to 100;
 * proportional: weights are the targets' own spend (all zero: even). Returns cents as decimal strings by key.
 */
export function splitAmount(amount: string, method: SplitMethod, weights: readonly { key: string; weight: string }[]): Map<string, string> {
  const parts = new Map<string, string>();
  if (weights.length === 0) return parts;
  const cents = new Decimal(amount).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  let basis = weights.map((entry) => ({ key: entry.key, weight: method === "even" ? new Decimal(1) : Decimal.max(0, new Decimal(entry.weight)) }));
  if (basis.every((entry) => entry.weight.isZero())) basis = basis.map((entry) => ({ ...entry, weight: new Decimal(1) }));
  const total = basis.reduce((sum, entry) => sum.plus(entry.weight), new Decimal(0));
  const negative = cents.isNegative();
  const shares = basis.map((entry) => cents.abs().times(entry.weight).dividedBy(total));
  const whole = largestRemainder(shares, cents.abs(), (a, b) => (basis[a]!.key < basis[b]!.key ? -1 : basis[a]!.key > basis[b]!.key ? 1 : 0));
  basis.forEach((entry, index) => parts.set(entry.key, (negative ? whole[index]!.negated() : whole[index]!).dividedBy(100).toFixed(2)));
  return parts;
}

/**
 * Whole numbers, each the floor of its exact value, plus one for the largest fractional remainders until they sum
 * to `total` (ties by `tieBreak` of the indexes). The one rounding both the splits and the report lines use.
 */
function largestRemainder(exact: readonly Decimal[], total: Decimal, tieBreak: (a: number, b: number) => number): Decimal[] {
  const floors = exact.map((value) => value.floor());
  let left = total.minus(floors.reduce((sum, value) => sum.plus(value), new Decimal(0))).toNumber();
  const order = exact.map((value, index) => ({ index, remainder: value.minus(floors[index]!) })).sort((a, b) => b.remainder.comparedTo(a.remainder) || tieBreak(a.index, b.index));
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = floors[index]!.plus(1);
    left--;
  }
  return floors;
}

/**
 * Exact amounts (decimal strings) in cents, such that the cents add up to the exact total rounded half up: each
 * gets the floor of its amount, and the cents left over go to the largest fractional remainders (ties by index).
 * What a report shows for its lines when its total must be the source's total to the cent.
 */
export function roundPreservingTotal(amounts: readonly string[]): string[] {
  const exact = amounts.map((amount) => new Decimal(amount).times(100));
  const total = exact.reduce((sum, value) => sum.plus(value), new Decimal(0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return largestRemainder(exact, total, (a, b) => a - b).map((value) => value.dividedBy(100).toFixed(2));
}
