// The day a record counts for. A period of a day or more (a provider's daily bucket, a monthly charge) keeps
// the date it starts on in UTC: splitting or shifting a "2025-10-05" bucket into the organization's time zone
// would put it on the wrong day. Shorter periods (hourly buckets) land on their local day in the organization's
// time zone, so a New York team's evening usage is not booked to tomorrow.

const DAY_MS = 24 * 60 * 60 * 1000;

export function createUsageDateResolver(timeZone: string): (periodStart: Date, periodEnd: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  // Sub-daily rows repeat the same few hours; formatting with Intl is slow enough to matter at a million rows.
  const byHour = new Map<number, string>();
  return (periodStart, periodEnd) => {
    if (periodEnd.getTime() - periodStart.getTime() >= DAY_MS || timeZone === "UTC") return periodStart.toISOString().slice(0, 10);
    const hour = Math.floor(periodStart.getTime() / 3_600_000);
    let day = byHour.get(hour);
    if (day === undefined) {
      day = format.format(periodStart);
      if (byHour.size > 5000) byHour.clear();
      byHour.set(hour, day);
    }
    return day;
  };
}
