import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { anomalyOf, median } from "@/lib/alerts/anomaly";

const noisy = Array.from({ length: 28 }, (_, index) => String(400 + ((index * 37) % 60) - 30)); // 370..429

describe("spend anomalies by median and MAD", () => {
  it("computes medians of odd and even counts", () => {
    expect(median([3, 1, 2].map((value) => new Decimal(value))).toString()).toBe("2");
    expect(median([4, 1, 2, 3].map((value) => new Decimal(value))).toString()).toBe("2.5");
  });

  it("flags a day far above a noisy baseline and reports the figures", () => {
    const hit = anomalyOf(noisy, "1400");
    expect(hit).not.toBeNull();
    expect(hit!.baseline.toNumber()).toBeGreaterThan(390);
    expect(hit!.score!.toNumber()).toBeGreaterThan(5);
    expect(hit!.excess.toFixed(2)).toBe(new Decimal(1400).minus(hit!.baseline).toFixed(2));
  });

  it("leaves an ordinary busy day alone", () => {
    expect(anomalyOf(noisy, "440")).toBeNull();
    expect(anomalyOf(noisy, "590")).toBeNull(); // under 1.5 × the median
  });

  it("is not dragged by one earlier spike in the baseline", () => {
    const withSpike = [...noisy.slice(0, 27), "5000"];
    expect(anomalyOf(withSpike, "1400")).not.toBeNull();
  });

  it("pages no one for a small team's jump under the minimum amount", () => {
    const small = Array.from({ length: 28 }, () => "3");
    expect(anomalyOf(small, "60")).toBeNull();
    expect(anomalyOf(small, "60", "20")).not.toBeNull();
  });

  it("needs two weeks of history", () => {
    expect(anomalyOf(noisy.slice(0, 10), "5000")).toBeNull();
  });

  it("treats any large excess over a perfectly steady baseline as an anomaly", () => {
    const steady = Array.from({ length: 20 }, () => "200");
    const hit = anomalyOf(steady, "500");
    expect(hit?.score).toBeNull();
    expect(hit?.excess.toFixed(2)).toBe("300.00");
  });
});
