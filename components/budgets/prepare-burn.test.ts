import { describe, expect, it } from "vitest";
import { burnBar, burnChart } from "@/components/budgets/prepare-burn";

const forecast = (percent: string) => ({ value: "0", low: "0", high: "0", percent, method: "weekday" as const });
const current = (percent: string) => ({ label: "2026-11", from: "2026-11-01", to: "2026-11-30", actual: "0", percent, daysLeft: 10, thresholdsCrossed: [], state: "ok" as const });

describe("burnBar", () => {
  it("places the actual, the forecast and the thresholds on a bar of 100 % of the amount", () => {
    const bar = burnBar({ thresholds: [50, 80, 100], current: current("40.00"), forecast: forecast("90.00") });
    expect(bar).toEqual({ actual: 40, forecast: 90, full: 100, span: 100, thresholds: [{ percent: 50, at: 50 }, { percent: 80, at: 80 }, { percent: 100, at: 100 }] });
  });

  it("stretches the bar for an overrun, so 100 % sits left of its end", () => {
    const bar = burnBar({ thresholds: [80, 100, 150], current: current("75.00"), forecast: forecast("125.00") });
    expect(bar.span).toBe(125);
    expect(bar.actual).toBe(60);
    expect(bar.forecast).toBe(100);
    expect(bar.full).toBe(80);
    expect(bar.thresholds.map((threshold) => threshold.percent)).toEqual([80, 100]);
  });

  it("caps the bar at 200 % and never draws the forecast behind the actual", () => {
    const bar = burnBar({ thresholds: [100], current: current("450.00"), forecast: forecast("300.00") });
    expect(bar).toMatchObject({ span: 200, actual: 100, forecast: 100, full: 50 });
  });
});

describe("burnChart", () => {
  it("joins the forecast's path and band to today's actual, and keeps the exact strings", () => {
    const chart = burnChart({
      amount: "1000.00",
      thresholds: [50, 80, 100],
      daily: [
        { day: "2026-11-01", actual: "100.10", cumulative: "100.10" },
        { day: "2026-11-02", actual: "200.20", cumulative: "300.30" },
      ],
      projection: [
        { day: "2026-11-03", cumulative: "450.00", low: "400.00", high: "500.00" },
        { day: "2026-11-04", cumulative: "600.00", low: "500.00", high: "1100.00" },
      ],
    });
    expect(chart.data.map((point) => [point.day, point.actual, point.forecast, point.range])).toEqual([
      ["2026-11-01", 100.1, null, null],
      ["2026-11-02", 300.3, 300.3, [300.3, 300.3]],
      ["2026-11-03", null, 450, [400, 500]],
      ["2026-11-04", null, 600, [500, 1100]],
    ]);
    expect(chart.data[3]!.exact).toEqual({ forecast: "600.00", low: "500.00", high: "1100.00" });
    expect(chart.amount).toBe(1000);
    // 100 % is the budget line itself.
    expect(chart.thresholds).toEqual([{ percent: 50, value: 500 }, { percent: 80, value: 800 }]);
    expect(chart.top).toBeCloseTo(1155);
  });

  it("on the period's last day there is no forecast to join", () => {
    const chart = burnChart({ amount: "10", thresholds: [100], daily: [{ day: "2026-11-30", actual: "12", cumulative: "12" }], projection: [] });
    expect(chart.data).toEqual([{ day: "2026-11-30", actual: 12, forecast: null, range: null, exact: { actual: "12" } }]);
    expect(chart.top).toBeCloseTo(12.6);
  });
});
