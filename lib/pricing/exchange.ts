import { fromScaled, rescale, toScaled } from "@/lib/money";

// Converting amounts to the organization's reporting currency at the rate of the charge date: the newest rate on
// or before that day. A missing rate is an error naming the currency and day, never a silent 1.0.

export type RateRow = { fromCurrency: string; toCurrency: string; day: string; rate: string };

export class MissingRateError extends Error {
  constructor(
    readonly fromCurrency: string,
    readonly toCurrency: string,
    readonly day: string,
  ) {
    super(`No ${fromCurrency}→${toCurrency} exchange rate on or before ${day}. Add one under Settings → Exchange rates.`);
    this.name = "MissingRateError";
  }
}

const RATE_SCALE = 12;

export function createConverter(rates: readonly RateRow[]) {
  const byPair = new Map<string, { day: string; rate: bigint }[]>();
  for (const rate of rates) {
    const key = `${rate.fromCurrency}\u0000${rate.toCurrency}`;
    byPair.set(key, [...(byPair.get(key) ?? []), { day: rate.day, rate: toScaled(rate.rate, RATE_SCALE) }]);
  }
  for (const list of byPair.values()) list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

  /** The rate for a day (YYYY-MM-DD): the newest on or before it. */
  function rateOn(fromCurrency: string, toCurrency: string, day: string): bigint {
    if (fromCurrency === toCurrency) return 10n ** BigInt(RATE_SCALE);
    const list = byPair.get(`${fromCurrency}\u0000${toCurrency}`) ?? [];
    let low = 0;
    let high = list.length - 1;
    let found: bigint | null = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle]!.day <= day) {
        found = list[middle]!.rate;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found === null) throw new MissingRateError(fromCurrency, toCurrency, day);
    return found;
  }

  /** An amount (decimal string) in `toCurrency`, exact to 14 decimal places. */
  function convert(amount: string, fromCurrency: string, toCurrency: string, day: string): string {
    const rate = rateOn(fromCurrency, toCurrency, day);
    const value = toScaled(amount, 14) * rate; // scale 26
    return fromScaled(rescale(value, 14 + RATE_SCALE, 14), 14);
  }

  return { rateOn, convert };
}
