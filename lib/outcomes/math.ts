import Decimal from "decimal.js";
import type { Granularity } from "@/lib/analytics/schemas";
import type { HalfFigures, OutcomeFigures, OutcomeVerdict, VerdictKind } from "@/lib/outcomes/schemas";

// The arithmetic of cost per outcome, and the verdict on whether more tokens per request bought more outcomes.
// Everything is decimal.js on decimal strings: a total is the sum of its days, and a ratio is computed from summed
// numerators and denominators (never an average of daily ratios, which would weigh a quiet Sunday like a Monday).

/** Days with both usage and outcomes needed before the two halves of a range are compared. */
export const MIN_VERDICT_DAYS = 7;
/** A change smaller than this, either way, counts as steady: day-to-day noise, not a trend. */
export const STEADY_PERCENT = 2;
/** Outcomes "kept up" with tokens when the outcome rate rose at least this share of the tokens' rise. */
export const KEPT_UP_SHARE = 0.5;
const RATIO_PLACES = 6;

/** One workflow's day: spend (effective, reporting currency), requests and tokens from the ledger; outcomes by kind. */
export type DayFigures = {
  day: string;
  spend: string;
  requests: string;
  tokens: string;
  /** By kind; empty when nobody sent outcomes for the day (a sent 0 is a recorded 0). */
  outcomes: Record<string, string>;
};

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10);

/** The bucket a day falls in: the day, its week's Monday (as Postgres' date_trunc('week') does), or its month's first. */
export function bucketStart(day: string, granularity: Granularity): string {
  if (granularity === "day") return day;
  if (granularity === "month") return `${day.slice(0, 7)}-01`;
  const number = dayNumber(day);
  const weekday = (new Date(number * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOf(number - weekday);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let number = dayNumber(from); number <= dayNumber(to); number++) days.push(dayOf(number));
  return days;
}

/** numerator / denominator to six decimal places; null when the denominator is 0. */
export function ratio(numerator: Decimal.Value, denominator: Decimal.Value): string | null {
  const below = new Decimal(denominator);
  return below.isZero() ? null : new Decimal(numerator).dividedBy(below).toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_UP).toFixed();
}

/** Spend per outcome; null with no outcomes (there is no price of nothing). */
export function costPerOutcome(spend: Decimal.Value, outcomes: Decimal.Value): string | null {
  return ratio(spend, outcomes);
}

function change(before: Decimal.Value | null, after: Decimal.Value | null): Decimal | null {
  if (before === null || after === null || new Decimal(before).isZero()) return null;
  return new Decimal(after).minus(before).dividedBy(before).times(100);
}

/** (after − before) / before in percent, two decimals; null when there is nothing before to compare with. */
export function percentChange(before: Decimal.Value | null, after: Decimal.Value | null): string | null {
  return change(before, after)?.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed() ?? null;
}

const sum = (values: readonly Decimal.Value[]) => values.reduce<Decimal>((total, value) => total.plus(value), new Decimal(0));

/** The sums of some days and their ratios. */
export function figuresOf(days: readonly DayFigures[]): OutcomeFigures {
  const spend = sum(days.map((day) => day.spend));
  const requests = sum(days.map((day) => day.requests));
  const tokens = sum(days.map((day) => day.tokens));
  const byKind: Record<string, Decimal> = {};
  for (const day of days) for (const [kind, count] of Object.entries(day.outcomes)) byKind[kind] = (byKind[kind] ?? new Decimal(0)).plus(count);
  const outcomes = sum(Object.values(byKind));
  return {
    spend: spend.toFixed(),
    requests: requests.toFixed(),
    tokens: tokens.toFixed(),
    outcomes: outcomes.toFixed(),
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, count]) => [kind, count.toFixed()])),
    costPerOutcome: costPerOutcome(spend, outcomes),
    tokensPerRequest: ratio(tokens, requests),
    outcomeRate: ratio(outcomes, requests),
  };
}

/** A percentage for a sentence: "38", "2.4", "0". */
function shown(percent: Decimal): string {
  return percent.abs().toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString();
}

type Movement = "rose" | "fell" | "steady";
function movement(percent: Decimal): Movement {
  if (percent.gte(STEADY_PERCENT)) return "rose";
  if (percent.lte(-STEADY_PERCENT)) return "fell";
  return "steady";
}

/** "rose 38 %", "fell 5 %", "held steady (+0.4 %)". */
function moved(percent: Decimal): string {
  const way = movement(percent);
  if (way === "steady") return `held steady (${percent.isNegative() && !percent.isZero() ? "−" : "+"}${shown(percent)} %)`;
  return `${way} ${shown(percent)} %`;
}

/** The verdict's class and sentence from the two changes, in percent. */
export function judge(tokensChange: Decimal, rateChange: Decimal): { kind: VerdictKind; sentence: string } {
  const tokens = movement(tokensChange);
  const rate = movement(rateChange);
  const tokensMoved = `Tokens per request ${moved(tokensChange)}`;
  const rateMoved = `outcomes per request ${moved(rateChange)}`;
  if (tokens === "rose") {
    if (rate === "rose" && rateChange.gte(tokensChange.times(KEPT_UP_SHARE))) {
      return {
        kind: "more_tokens_more_outcomes",
        sentence: `Tokens per request and outcomes per request rose together (${shown(tokensChange)} % and ${shown(rateChange)} %): more tokens bought more outcomes.`,
      };
    }
    if (rate === "fell") return { kind: "more_tokens_fewer_outcomes", sentence: `${tokensMoved} while ${rateMoved}: the extra context bought nothing.` };
    return { kind: "more_tokens_little_gain", sentence: `${tokensMoved} while ${rateMoved}: the extra context bought little.` };
  }
  if (tokens === "fell") {
    if (rate === "fell") return { kind: "fewer_tokens_fewer_outcomes", sentence: `${tokensMoved} and ${rateMoved}: the savings cost outcomes.` };
    return { kind: "fewer_tokens_same_outcomes", sentence: `${tokensMoved} while ${rateMoved}: the savings cost no outcomes.` };
  }
  const why = rate === "rose" ? ": outcomes improved without more tokens." : rate === "fell" ? ": outcomes fell without a change in tokens, so look beyond the prompt." : ".";
  return { kind: "steady_tokens", sentence: `${tokensMoved} and ${rateMoved}${why}` };
}

function halfFigures(from: string, to: string, days: readonly DayFigures[]): HalfFigures {
  const { tokensPerRequest, outcomeRate } = figuresOf(days);
  return { from, to, days: days.length, tokensPerRequest, outcomeRate };
}

/**
 * Did more tokens per request buy more outcomes? The range is cut in two halves (the second takes the odd day);
 * each half's tokens per request and outcomes per request are computed over its days with both usage and outcomes,
 * and the second half is compared with the first.
 */
export function outcomeVerdict(range: { from: string; to: string }, days: readonly DayFigures[]): OutcomeVerdict {
  const all = daysOf(range.from, range.to);
  const middle = all[Math.floor(all.length / 2)] ?? range.to;
  const compared = days.filter((day) => day.day >= range.from && day.day <= range.to && new Decimal(day.requests).gt(0) && Object.keys(day.outcomes).length > 0);
  const notEnough = (sentence: string): OutcomeVerdict => ({ kind: "not_enough_data", sentence, days: compared.length, halves: null, tokensPerRequestChange: null, outcomeRateChange: null });
  if (compared.length < MIN_VERDICT_DAYS) {
    // Some providers' exports carry tokens and cost but no request counts: say so rather than ask for more days.
    const withoutRequests = days.filter((day) => new Decimal(day.requests).isZero() && new Decimal(day.tokens).gt(0) && Object.keys(day.outcomes).length > 0);
    if (withoutRequests.length >= MIN_VERDICT_DAYS) return notEnough("Not enough data (the usage of this workflow has no request counts, so there are no per-request rates to compare).");
    return notEnough(`Not enough data (under ${MIN_VERDICT_DAYS} days with both usage and outcomes).`);
  }
  const firstDays = compared.filter((day) => day.day < middle);
  const secondDays = compared.filter((day) => day.day >= middle);
  if (firstDays.length === 0 || secondDays.length === 0) {
    return notEnough(`Not enough data (the ${firstDays.length === 0 ? "first" : "second"} half of the range has no day with both usage and outcomes).`);
  }
  const first = halfFigures(range.from, all[all.indexOf(middle) - 1] ?? range.from, firstDays);
  const second = halfFigures(middle, range.to, secondDays);
  // Judged on the exact changes; rounded only for display (a 1.7456 % must not read as 1.8 %).
  const tokensChange = change(first.tokensPerRequest, second.tokensPerRequest);
  const rateChange = change(first.outcomeRate, second.outcomeRate);
  const halves: [HalfFigures, HalfFigures] = [first, second];
  if (tokensChange === null || rateChange === null) {
    return { ...notEnough("Not enough data (no outcomes in the first half of the range to compare with)."), halves };
  }
  return {
    ...judge(tokensChange, rateChange),
    days: compared.length,
    halves,
    tokensPerRequestChange: percentChange(first.tokensPerRequest, second.tokensPerRequest),
    outcomeRateChange: percentChange(first.outcomeRate, second.outcomeRate),
  };
}

/** A workflow's report over a range: totals, a bucket per day / week / month (every one, empty or not), the verdict. */
export function summarizeOutcomes(range: { from: string; to: string; granularity: Granularity }, days: readonly DayFigures[]) {
  const inRange = days.filter((day) => day.day >= range.from && day.day <= range.to);
  const byBucket = new Map<string, DayFigures[]>();
  for (const day of daysOf(range.from, range.to)) byBucket.set(bucketStart(day, range.granularity), []);
  for (const day of inRange) byBucket.get(bucketStart(day.day, range.granularity))!.push(day);
  return {
    totals: figuresOf(inRange),
    buckets: [...byBucket.entries()].map(([start, bucketDays]) => ({ start, ...figuresOf(bucketDays) })),
    verdict: outcomeVerdict(range, inRange),
  };
}
