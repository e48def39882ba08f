// Budget periods in the organization's calendar: the ledger's days are the organization's local days, so a
// period is a range of local dates (first and last day, inclusive), computed from the local date of "now" in the
// organization's time zone. Pure and tested; no clock inside.

export const BUDGET_PERIODS = ["monthly", "quarterly", "yearly"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export type PeriodRange = { from: string; to: string; label: string };

const pad = (value: number) => String(value).padStart(2, "0");
const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function monthsOf(period: BudgetPeriod): number {
  return period === "monthly" ? 1 : period === "quarterly" ? 3 : 12;
}

/** The period containing a local date, `offset` periods later (negative: earlier). */
export function periodContaining(day: string, period: BudgetPeriod, offset = 0): PeriodRange {
  const [year, month] = day.split("-").map(Number) as [number, number];
  const length = monthsOf(period);
  const startIndex = Math.floor((year * 12 + month - 1) / length) * length + offset * length;
  const startYear = Math.floor(startIndex / 12);
  const startMonth = (startIndex % 12) + 1;
  const from = iso(startYear, startMonth, 1);
  const to = iso(startYear, startMonth + length, 0);
  const label =
    period === "monthly" ? `${startYear}-${pad(startMonth)}` : period === "quarterly" ? `${startYear} Q${(startMonth - 1) / 3 + 1}` : String(startYear);
  return { from, to, label };
}

/** The current period and the `count` before it, oldest first. */
export function recentPeriods(day: string, period: BudgetPeriod, count: number): PeriodRange[] {
  return Array.from({ length: count + 1 }, (_, index) => periodContaining(day, period, index - count));
}

const DAY_MS = 86_400_000;

/** A local date `days` later (negative: earlier). */
export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** Days of the period (inclusive), days gone by including today, and days left after today. */
export function periodProgress(range: PeriodRange, today: string): { days: number; elapsed: number; left: number } {
  const days = dayNumber(range.to) - dayNumber(range.from) + 1;
  const elapsed = Math.min(days, Math.max(0, dayNumber(today) - dayNumber(range.from) + 1));
  return { days, elapsed, left: days - elapsed };
}
