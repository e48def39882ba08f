import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { forecastPeriod } from "@/lib/budgets/forecast";
import { addDays, daysBetween, periodContaining } from "@/lib/budgets/periods";

// 2026-11: starts on a Sunday. Weekdays spend 100, weekends 10.
const weekly = (day: string) => ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? "10" : "100");
const series = (from: string, to: string, value: (day: string) => string) => new Map(daysBetween(from, to).map((day) => [day, value(day)]));

describe("the period-end forecast", () => {
  const november = periodContaining("2026-11-15", "monthly");

  it("adds each remaining day's weekday mean to the actual so far, exactly on a clean weekly pattern", () => {
    const today = "2026-11-18"; // a Wednesday
    const forecast = forecastPeriod({ range: november, today, daily: series("2026-09-01", today, weekly), firstDay: "2026-09-01" });
    // Nov 1–18: 13 weekdays + 5 weekend days = 1350; Nov 19–30: 8 weekdays + 4 weekend days = 840.
    expect(forecast.method).toBe("weekday");
    expect(forecast.value.toFixed(2)).toBe("2190.00");
    // No variation around the weekday means: no range.
    expect(forecast.low.toFixed(2)).toBe("2190.00");
    expect(forecast.high.toFixed(2)).toBe("2190.00");
    expect(forecast.projection).toHaveLength(12);
    expect(forecast.projection.at(-1)!.cumulative.toFixed(2)).toBe("2190.00");
    expect(forecast.projection[0]).toMatchObject({ day: "2026-11-19" });
  });

  it("differs from a run rate when the days left are mostly weekend", () => {
    const range = periodContaining("2026-08-10", "monthly"); // August 2026 ends on Sat 29, Sun 30, Mon 31
    const today = "2026-08-28"; // a Friday
    const forecast = forecastPeriod({ range, today, daily: series("2026-06-01", today, weekly), firstDay: "2026-06-01" });
    const spent = daysBetween(range.from, today).reduce((sum, day) => sum.plus(weekly(day)), new Decimal(0));
    expect(forecast.value.minus(spent).toFixed(2)).toBe("120.00"); // Sat 10 + Sun 10 + Mon 100
    const runRate = spent.dividedBy(28).times(3);
    expect(runRate.toFixed(2)).not.toBe("120.00");
  });

  it("widens the range with the noise around the weekday means, never below what is spent", () => {
    const today = "2026-11-10";
    const noisy = (day: string) => String(Number(weekly(day)) + (Number(day.slice(8)) % 2 === 0 ? 30 : -30));
    const forecast = forecastPeriod({ range: november, today, daily: series("2026-09-01", today, noisy), firstDay: "2026-09-01" });
    expect(forecast.high.greaterThan(forecast.value)).toBe(true);
    expect(forecast.low.lessThan(forecast.value)).toBe(true);
    const spent = daysBetween(november.from, today).reduce((sum, day) => sum.plus(noisy(day)), new Decimal(0));
    expect(forecast.low.greaterThanOrEqualTo(spent)).toBe(true);
    // Each projected day's range is at least as wide as the day before's.
    const widths = forecast.projection.map((day) => day.high.minus(day.low));
    for (let index = 1; index < widths.length; index++) expect(widths[index]!.greaterThanOrEqualTo(widths[index - 1]!)).toBe(true);
  });

  it("falls back to the period's average day with less than a week of history", () => {
    const today = "2026-11-04";
    const forecast = forecastPeriod({ range: november, today, daily: series("2026-11-01", today, () => "50"), firstDay: "2026-11-01" });
    expect(forecast.method).toBe("run-rate");
    expect(forecast.value.toFixed(2)).toBe("1500.00");
  });

  it("counts the usual spend of today when today's data has not arrived yet", () => {
    const today = "2026-11-18";
    const daily = series("2026-09-01", addDays(today, -1), weekly);
    const forecast = forecastPeriod({ range: november, today, daily, firstDay: "2026-09-01" });
    expect(forecast.value.toFixed(2)).toBe("2190.00");
  });

  it("is the actual once the period is over", () => {
    const forecast = forecastPeriod({ range: periodContaining("2026-10-01", "monthly"), today: "2026-11-18", daily: series("2026-10-01", "2026-10-31", () => "1.5"), firstDay: "2026-10-01" });
    expect(forecast.value.toFixed(2)).toBe("46.50");
    expect(forecast.projection).toEqual([]);
  });
});
