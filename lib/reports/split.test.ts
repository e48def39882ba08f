import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundPreservingTotal, splitAmount } from "@/lib/reports/split";

const total = (parts: Map<string, string>) => [...parts.values()].reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(2);

describe("splitting shared spend to the cent", () => {
  it("splits evenly, the odd cent to the first by key", () => {
    expect(Object.fromEntries(splitAmount("100", "even", [{ key: "b", weight: "0" }, { key: "a", weight: "0" }, { key: "c", weight: "0" }]))).toEqual({ a: "33.34", b: "33.33", c: "33.33" });
  });

  it("splits by fixed shares", () => {
    expect(Object.fromEntries(splitAmount("1234.565", "fixed", [{ key: "x", weight: "50" }, { key: "y", weight: "30" }, { key: "z", weight: "20" }]))).toEqual({ x: "617.29", y: "370.37", z: "246.91" });
  });

  it("splits in proportion to the targets' own spend, evenly when they have none", () => {
    expect(Object.fromEntries(splitAmount("10", "proportional", [{ key: "big", weight: "300" }, { key: "small", weight: "100" }]))).toEqual({ big: "7.50", small: "2.50" });
    expect(Object.fromEntries(splitAmount("10", "proportional", [{ key: "a", weight: "0" }, { key: "b", weight: "0" }]))).toEqual({ a: "5.00", b: "5.00" });
  });

  it("keeps a credit negative", () => {
    expect(Object.fromEntries(splitAmount("-0.05", "even", [{ key: "a", weight: "1" }, { key: "b", weight: "1" }]))).toEqual({ a: "-0.03", b: "-0.02" });
  });

  it("always adds up to the amount rounded to cents, and never moves a part by more than a cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }).map((cents) => new Decimal(cents).dividedBy(1000).toFixed()),
        fc.constantFrom("even", "fixed", "proportional") as fc.Arbitrary<"even" | "fixed" | "proportional">,
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (amount, method, raw) => {
          const weights = raw.map((weight, index) => ({ key: `t${index}`, weight: String(weight) }));
          const parts = splitAmount(amount, method, weights);
          expect(total(parts)).toBe(new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
        },
      ),
    );
  });
});

describe("rounding report lines so they add up to the total", () => {
  it("gives the leftover cents to the largest remainders", () => {
    // Ten days of 1.73456789: each rounds to 1.73, the month to 17.35; five days show 1.74.
    const days = roundPreservingTotal(Array.from({ length: 10 }, () => "1.73456789"));
    expect(days.filter((day) => day === "1.74")).toHaveLength(5);
    expect(days.reduce((sum, day) => sum.plus(day), new Decimal(0)).toFixed(2)).toBe("17.35");
    expect(roundPreservingTotal(["-0.005", "0.004", "10.001"])).toEqual(["0.00", "0.00", "10.00"]);
  });

  it("always sums to the exact total rounded half up, each line within a cent of its amount", () => {
    const amount = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((value) => new Decimal(value).dividedBy(10_000).toFixed());
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 40 }), (amounts) => {
        const lines = roundPreservingTotal(amounts);
        const exact = amounts.reduce((sum, value) => sum.plus(value), new Decimal(0));
        expect(lines.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(2)).toBe(exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
        lines.forEach((line, index) => expect(new Decimal(line).minus(amounts[index]!).abs().lt("0.01")).toBe(true));
      }),
    );
  });
});
