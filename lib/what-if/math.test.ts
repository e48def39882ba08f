import { describe, expect, it } from "vitest";
import { differenceOf, percentOf, projectedCost, toCents } from "@/lib/what-if/math";

// Prices from the catalog (USD per million): gpt-4o-mini 0.15 / 0.075 cached / 0.6 output; claude-haiku-4-5
// 1 / 0.1 cached / 5 output; gpt-4o 2.5 / 1.25 / 10.
const MINI = { uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" };
const HAIKU = { uncachedInput: "1", cacheRead: "0.1", output: "5" };
const VOLUME = { inputTokens: "10000000", outputTokens: "1000000" };

describe("the what-if's projected cost", () => {
  it("prices 10M input + 1M output at gpt-4o-mini with half the input cached: 5M × 0.15 + 5M × 0.075 + 1M × 0.6 = $1.725", () => {
    const cost = projectedCost(VOLUME, MINI, "50");
    expect(cost.toFixed()).toBe("1.725");
    expect(toCents(cost)).toBe("1.73");
  });

  it("prices the same volume at claude-haiku-4-5: 5M × 1 + 5M × 0.1 + 1M × 5 = $10.50", () => {
    expect(toCents(projectedCost(VOLUME, HAIKU, "50"))).toBe("10.50");
  });

  it("at 0 % every input token is uncached, at 100 % every one is a cache read", () => {
    expect(projectedCost(VOLUME, HAIKU, "0").toFixed()).toBe("15"); // 10M × 1 + 1M × 5
    expect(projectedCost(VOLUME, HAIKU, "100").toFixed()).toBe("6"); // 10M × 0.1 + 1M × 5
  });

  it("keeps fractional shares exact: 33.3 % of 1,000 tokens is 333 cache reads", () => {
    // 667 × 1 + 333 × 0.1 = 700.3 per million → $0.0007003
    expect(projectedCost({ inputTokens: "1000", outputTokens: "0" }, HAIKU, "33.3").toFixed()).toBe("0.0007003");
  });

  it("prices cached input as uncached when the model has no cache price", () => {
    expect(projectedCost(VOLUME, { uncachedInput: "2", cacheRead: null, output: "8" }, "50").toFixed()).toBe("28"); // 10M × 2 + 1M × 8
  });

  it("refuses a share outside 0–100", () => {
    expect(() => projectedCost(VOLUME, HAIKU, "100.1")).toThrow(RangeError);
    expect(() => projectedCost(VOLUME, HAIKU, "-1")).toThrow(RangeError);
  });
});

describe("the what-if's difference", () => {
  it("is projected minus today's, with the percent of today's to one decimal: $1.73 against $35.00 is −$33.27, −95.1 %", () => {
    expect(differenceOf("35.00", "1.73")).toEqual({ amount: "-33.27", percent: "-95.1" });
  });

  it("has no percent when today's cost is zero", () => {
    expect(differenceOf("0.00", "4.20")).toEqual({ amount: "4.20", percent: null });
  });

  it("rounds half away from zero, to the cent and to a tenth of a percent", () => {
    expect(toCents("0.005")).toBe("0.01");
    expect(toCents("-0.005")).toBe("-0.01");
    expect(percentOf("1", "8")).toBe("12.5");
    expect(percentOf("1", "3")).toBe("33.3");
    expect(percentOf("5", "0")).toBe("0.0");
  });
});
