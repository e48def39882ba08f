import Decimal from "decimal.js";

// Spend anomalies: a day far above its trailing baseline, by median and MAD (median absolute deviation), which a
// single spike in the baseline cannot drag along the way a mean and standard deviation would. A day is an anomaly
// when all hold:
// - its excess over the baseline median is at least ANOMALY_SCORE robust standard deviations (1.4826 × MAD);
// - it is at least 50 % above the median (a steady large team's 3 % wobble is not news);
// - the excess is at least a minimum amount in the reporting currency, so a small team's $3 → $12 pages no one;
// - the baseline has at least two weeks of history (a new team has no "normal" yet).
// Pure and tested; the caller reads the days from the ledger.

export const ANOMALY_SCORE = 5;
export const ANOMALY_MINIMUM = "100.00";
export const ANOMALY_BASELINE_DAYS = 28;
const MIN_HISTORY = 14;
const MAD_TO_SIGMA = new Decimal("1.4826");

export function median(values: readonly Decimal[]): Decimal {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : sorted[middle - 1]!.plus(sorted[middle]!).dividedBy(2);
}

export type Anomaly = { baseline: Decimal; mad: Decimal; excess: Decimal; score: Decimal | null };

/** Whether `value` is an anomaly against `history` (the days before it, oldest first, zeros included). */
export function anomalyOf(history: readonly Decimal.Value[], value: Decimal.Value, minimum: Decimal.Value = ANOMALY_MINIMUM): Anomaly | null {
  if (history.length < MIN_HISTORY) return null;
  const days = history.map((day) => new Decimal(day));
  const amount = new Decimal(value);
  const baseline = median(days);
  const mad = median(days.map((day) => day.minus(baseline).abs()));
  const excess = amount.minus(baseline);
  if (excess.lt(minimum) || amount.lt(baseline.times("1.5"))) return null;
  const sigma = mad.times(MAD_TO_SIGMA);
  // A perfectly steady baseline (MAD 0): any excess past the other two bars is far above it.
  const score = sigma.isZero() ? null : excess.dividedBy(sigma);
  if (score && score.lt(ANOMALY_SCORE)) return null;
  return { baseline, mad, excess, score };
}
