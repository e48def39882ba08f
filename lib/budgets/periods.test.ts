import { describe, expect, it } from "vitest";
import { localDate, periodContaining, periodProgress, recentPeriods } from "@/lib/budgets/periods";

describe("budget periods in the organization's calendar", () => {
  it("cuts months, quarters and years on local dates", () => {
    expect(periodContaining("2026-02-14", "monthly")).toEqual({ from: "2026-02-01", to: "2026-02-28", label: "2026-02" });
    expect(periodContaining("2028-02-29", "monthly")).toEqual({ from: "2028-02-01", to: "2028-02-29", label: "2028-02" });
    expect(periodContaining("2026-03-31", "quarterly")).toEqual({ from: "2026-01-01", to: "2026-03-31", label: "2026 Q1" });
    expect(periodContaining("2026-04-01", "quarterly")).toEqual({ from: "2026-04-01", to: "2026-06-30", label: "2026 Q2" });
    expect(periodContaining("2026-12-31", "quarterly")).toEqual({ from: "2026-10-01", to: "2026-12-31", label: "2026 Q4" });
    expect(periodContaining("2026-07-04", "yearly")).toEqual({ from: "2026-01-01", to: "2026-12-31", label: "2026" });
  });

  it("steps back across year ends", () => {
    expect(periodContaining("2026-01-15", "monthly", -1)).toEqual({ from: "2025-12-01", to: "2025-12-31", label: "2025-12" });
    expect(periodContaining("2026-02-15", "quarterly", -1).label).toBe("2025 Q4");
    expect(recentPeriods("2026-02-15", "monthly", 3).map((range) => range.label)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("decides the period by the organization's local date, in time zones far apart", () => {
    // 2026-03-31 11:30 UTC: already April 1st in Auckland (UTC+13 in March), still March 31st in Los Angeles.
    const instant = new Date("2026-03-31T11:30:00Z");
    expect(periodContaining(localDate("Pacific/Auckland", instant), "quarterly").label).toBe("2026 Q2");
    expect(periodContaining(localDate("America/Los_Angeles", instant), "quarterly").label).toBe("2026 Q1");
    // A month end in Los Angeles the day daylight saving ends in Auckland (2026-04-05 03:00 NZDT → 02:00 NZST).
    expect(localDate("Pacific/Auckland", new Date("2026-04-04T13:30:00Z"))).toBe("2026-04-05");
    expect(localDate("Pacific/Auckland", new Date("2026-04-04T14:30:00Z"))).toBe("2026-04-05");
    expect(localDate("America/Los_Angeles", new Date("2026-05-01T06:59:00Z"))).toBe("2026-04-30");
    expect(localDate("America/Los_Angeles", new Date("2026-05-01T07:00:00Z"))).toBe("2026-05-01");
    // Daylight saving starts in Los Angeles on 2026-03-08: the local day still has one date.
    expect(localDate("America/Los_Angeles", new Date("2026-03-08T09:30:00Z"))).toBe("2026-03-08");
    expect(localDate("America/Los_Angeles", new Date("2026-03-08T10:30:00Z"))).toBe("2026-03-08");
  });

  it("counts days gone and left, today included in the days gone", () => {
    const march = periodContaining("2026-03-10", "monthly");
    expect(periodProgress(march, "2026-03-10")).toEqual({ days: 31, elapsed: 10, left: 21 });
    expect(periodProgress(march, "2026-04-02")).toEqual({ days: 31, elapsed: 31, left: 0 });
    expect(periodProgress(march, "2026-02-27")).toEqual({ days: 31, elapsed: 0, left: 31 });
  });
});
