import Decimal from "decimal.js";
import { addDays, daysBetween, type PeriodRange } from "@/lib/budgets/periods";

// Period-end forecast with weekday seasonality. AI spend follows the working week (a Tuesday is not a Sunday), so a
// plain run rate over- or under-shoots depending on which days are left. The forecast is the actual so far plus,
// for each day left, the mean spend of that weekday over the trailing four weeks (the 28 days before today). The
// range is ±1.645 residual standard deviations × √(days left) (about 90 % if days vary independently around
// their weekday's mean), never below what is spent already. With less than a week of history it falls back to
// the period's average day so far. Pure: the caller reads the days from the ledger. Money stays decimal; the
// standard deviation goes through decimal.js's sqrt, not a float.

export const TRAILING_DAYS = 28;
const Z_90 = new Decimal("1.645");
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

export type ForecastInput = {
  range: PeriodRange;
  today: string;
  /** Spend per day (missing days are zero), covering the trailing window and the period up to today. */
  daily: ReadonlyMap<string, Decimal.Value>;
  /** The first day the scope has any data: trailing days before it are not history (a new team is not "zero"). */
  firstDay: string | null;
};

export type Forecast = {
  value: Decimal;
  low: Decimal;
  high: Decimal;
  method: "weekday" | "run-rate";
  /** Cumulative path from tomorrow to the period's end. */
  projection: { day: string; cumulative: Decimal; low: Decimal; high: Decimal }[];
};

const amountOn = (daily: ForecastInput["daily"], day: string) => new Decimal(daily.get(day) ?? 0);

export function forecastPeriod({ range, today, daily, firstDay }: ForecastInput): Forecast {
  const end = today < range.to ? today : range.to;
  const spent = daysBetween(range.from, end).reduce((sum, day) => sum.plus(amountOn(daily, day)), new Decimal(0));
  if (today >= range.to) return { value: spent, low: spent, high: spent, method: "weekday", projection: [] };
  if (today < range.from) return { value: spent, low: spent, high: spent, method: "run-rate", projection: [] };

  const windowStart = addDays(today, -TRAILING_DAYS);
  const historyStart = firstDay && firstDay > windowStart ? firstDay : windowStart;
  const history = firstDay && firstDay < today ? daysBetween(historyStart, addDays(today, -1)) : [];
  const ahead = daysBetween(addDays(today, 1), range.to);

  let expected: (day: string) => Decimal;
  let sigma = new Decimal(0);
  let method: Forecast["method"];
  let todayRest = new Decimal(0);
  if (history.length >= 7) {
    method = "weekday";
    const byWeekday = new Map<number, Decimal[]>();
    for (const day of history) byWeekday.set(weekday(day), [...(byWeekday.get(weekday(day)) ?? []), amountOn(daily, day)]);
    const means = new Map([...byWeekday].map(([key, values]) => [key, Decimal.sum(...values).dividedBy(values.length)]));
    expected = (day) => means.get(weekday(day)) ?? new Decimal(0);
    const squares = history.map((day) => amountOn(daily, day).minus(expected(day)).pow(2));
    sigma = history.length > 1 ? Decimal.sum(...squares).dividedBy(history.length - 1).sqrt() : new Decimal(0);
    // Today is usually incomplete (exports land a day late): expect at least today's usual spend.
    todayRest = Decimal.max(0, expected(today).minus(amountOn(daily, today)));
  } else {
    method = "run-rate";
    const elapsed = daysBetween(range.from, today).length;
    const rate = spent.dividedBy(elapsed);
    expected = () => rate;
  }

  const projection: Forecast["projection"] = [];
  let cumulative = spent.plus(todayRest);
  ahead.forEach((day, index) => {
    cumulative = cumulative.plus(expected(day));
    const spread = Z_90.times(sigma).times(new Decimal(index + 1).sqrt());
    projection.push({ day, cumulative, low: Decimal.max(spent, cumulative.minus(spread)), high: cumulative.plus(spread) });
  });
  const value = projection.at(-1)?.cumulative ?? cumulative;
  const spread = Z_90.times(sigma).times(new Decimal(Math.max(1, ahead.length)).sqrt());
  return { value, low: Decimal.max(spent, value.minus(spread)), high: value.plus(spread), method, projection };
}
