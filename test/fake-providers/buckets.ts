import Decimal from "decimal.js";
import { cursorNumber, decodeCursor, encodeCursor, invalid } from "./http";

// Time buckets, grouping and sums shared by both fakes. Facts live at the finest grain (a day, optionally an
// hour in it); every response is computed from them on the fly, so a revision shows up in the next walk.

export const BUCKET_SECONDS = { "1m": 60, "1h": 3_600, "1d": 86_400 } as const;
export type BucketWidth = keyof typeof BUCKET_SECONDS;

export interface TimedFact {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** UTC hour in the day (0–23), default 0: lets 1h buckets differ from 1d buckets without a second data set. */
  hour?: number;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Unix seconds of a YYYY-MM-DD day's UTC midnight; throws on anything that is not a real calendar day. */
export function dayStart(day: string): number {
  const millis = Date.parse(`${day}T00:00:00Z`);
  if (!DAY_PATTERN.test(day) || Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== day) {
    throw new Error(`Not a YYYY-MM-DD day: '${day}'`);
  }
  return millis / 1000;
}

export function dayOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** `count` consecutive days from `first`, as YYYY-MM-DD. */
export function daysFrom(first: string, count: number): string[] {
  const start = dayStart(first);
  return Array.from({ length: count }, (_, i) => dayOf(start + i * BUCKET_SECONDS["1d"]));
}

export function factTime(fact: TimedFact): number {
  return dayStart(fact.day) + (fact.hour ?? 0) * BUCKET_SECONDS["1h"];
}

/** Facts of the inclusive day range [from, to], for totals(). */
export function inDays<F extends TimedFact>(facts: readonly F[], range: { from: string; to: string }): F[] {
  dayStart(range.from);
  dayStart(range.to);
  return facts.filter((fact) => fact.day >= range.from && fact.day <= range.to);
}

export function bucketWidthParam(raw: string | null, allowed: readonly BucketWidth[], fallback: BucketWidth): BucketWidth {
  if (raw === null) return fallback;
  const width = allowed.find((candidate) => candidate === raw);
  if (!width) throw invalid(`bucket_width must be one of ${allowed.join(", ")}, got '${raw}'`);
  return width;
}

export interface BucketQuery {
  /** Names the endpoint in the cursor, so a cursor from one endpoint is refused by another. */
  kind: string;
  /** Unix seconds as requested (snapped down to the bucket width here). */
  start: number;
  /** Exclusive end, Unix seconds. */
  end: number;
  width: BucketWidth;
  limit: number;
  page: string | null;
}

export interface Bucket<F> {
  start: number;
  end: number;
  facts: F[];
}

/**
 * One page of buckets, oldest first, empty buckets included. The cursor carries the next bucket's start and the
 * end of the walk, so a walk started without an end ("until now") does not drift while it pages.
 */
export function bucketPage<F extends TimedFact>(facts: readonly F[], query: BucketQuery): { buckets: Bucket<F>[]; nextPage: string | null } {
  const width = BUCKET_SECONDS[query.width];
  let start = Math.floor(query.start / width) * width;
  let end = query.end;
  if (query.page !== null) {
    const state = decodeCursor(query.page, query.kind);
    if (state.width !== query.width) throw invalid(`page cursor was issued for bucket_width=${String(state.width)}`);
    start = cursorNumber(state, "next", query.page);
    end = cursorNumber(state, "end", query.page);
  }
  if (start >= end) throw invalid("The end of the range must be after its start");

  const timed = facts.map((fact) => ({ time: factTime(fact), fact }));
  const buckets: Bucket<F>[] = [];
  for (; buckets.length < query.limit && start < end; start += width) {
    const bucketEnd = start + width;
    // Facts after `end` stay out even when the last bucket runs past it.
    const inBucket = timed.filter(({ time }) => time >= start && time < bucketEnd && time < end).map(({ fact }) => fact);
    buckets.push({ start, end: bucketEnd, facts: inBucket });
  }
  const nextPage = start < end ? encodeCursor({ kind: query.kind, width: query.width, next: start, end }) : null;
  return { buckets, nextPage };
}

/** Splits facts into groups sharing the values of `fields`, in a stable order; no fields = one group (if any facts). */
export function groupFacts<F, K extends keyof F>(facts: readonly F[], fields: readonly K[]): F[][] {
  const groups = new Map<string, F[]>();
  for (const fact of facts) {
    const key = JSON.stringify(fields.map((field) => fact[field] ?? null));
    const group = groups.get(key);
    if (group) group.push(fact);
    else groups.set(key, [fact]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}

/** The grouping fields of a result: the group's shared value where grouped, null otherwise (as the APIs do). */
export function dims<F extends object, K extends keyof F & string>(group: readonly F[], fields: readonly K[], grouped: readonly string[]): { [P in NoInfer<K>]: NonNullable<F[P]> | null } {
  const first = group[0];
  const out = {} as { [P in K]: NonNullable<F[P]> | null };
  for (const field of fields) out[field] = first !== undefined && grouped.includes(field) ? (first[field] ?? null) : null;
  return out;
}

export function sumOf<F>(facts: readonly F[], pick: (fact: F) => number | undefined): number {
  return facts.reduce((total, fact) => total + (pick(fact) ?? 0), 0);
}

/** Exact sum of decimal strings (or numbers, read through their shortest decimal form). */
export function decimalSum<F>(facts: readonly F[], pick: (fact: F) => string | number): Decimal {
  return facts.reduce((total, fact) => total.plus(new Decimal(String(pick(fact)))), new Decimal(0));
}

/** Keeps only facts matching every filter present in the query (`param` values compared as strings). */
export function applyFilters<F>(facts: readonly F[], filters: readonly { values: readonly string[]; field: keyof F }[]): F[] {
  const active = filters.filter((filter) => filter.values.length > 0);
  return facts.filter((fact) => active.every((filter) => filter.values.includes(String(fact[filter.field]))));
}

/** Replaces the facts of one day through `change` (null drops a fact); other days are untouched. */
export function reviseDay<F extends TimedFact>(facts: readonly F[], day: string, change: ((fact: F) => F | null) | undefined): F[] {
  dayStart(day);
  if (!change) return [...facts];
  return facts.flatMap((fact) => {
    if (fact.day !== day) return [fact];
    const revised = change({ ...fact });
    return revised ? [revised] : [];
  });
}

/** Seeded data leaves the days at index 4, 10, 16, … of the range without any usage or cost. */
export function isQuietDay(index: number): boolean {
  return index % 6 === 4;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same data on every run and machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Adds `amount` to a running decimal total under `key` (for building cost facts from usage). */
export function accumulate<V extends { amount: Decimal; quantity: Decimal }>(totals: Map<string, V>, key: string, init: () => V, amount: Decimal, quantity: Decimal): void {
  const current = totals.get(key) ?? init();
  current.amount = current.amount.plus(amount);
  current.quantity = current.quantity.plus(quantity);
  totals.set(key, current);
}
