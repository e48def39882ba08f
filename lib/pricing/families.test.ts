import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { CATALOG } from "@/lib/pricing/catalog-data";
import { baseModel, CHEAPER_PAIRS, cheaperModel } from "@/lib/pricing/families";

const standard = (model: string) =>
  CATALOG.filter((price) => price.model === model && price.serviceTier === "standard" && price.contextTier === "" && !price.validTo);

describe("cheaper models in the same family", () => {
  it("pairs only catalog models, each target cheaper per token with the same provider", () => {
    for (const [from, to] of CHEAPER_PAIRS) {
      const fromPrices = standard(from);
      const toPrices = standard(to);
      expect(fromPrices.length, from).toBeGreaterThan(0);
      const shared = fromPrices.filter((price) => toPrices.some((other) => other.provider === price.provider));
      expect(shared.length, `${from} → ${to} share a provider`).toBeGreaterThan(0);
      for (const price of shared) {
        const target = toPrices.find((other) => other.provider === price.provider)!;
        const cost = (row: typeof price) => new Decimal(row.perMillion.uncachedInput).plus(row.perMillion.output);
        expect(cost(target).lessThan(cost(price)), `${to} cheaper than ${from} on ${price.provider}`).toBe(true);
      }
    }
  });

  it("reads dated snapshots as their model", () => {
    expect(baseModel("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(baseModel("claude-sonnet-4-5-20250929")).toBe("claude-sonnet-4-5");
    expect(cheaperModel("gpt-4o-2024-08-06")).toBe("gpt-4o-mini");
    expect(cheaperModel("claude-opus-4-1-20250805")).toBe("claude-sonnet-4-5");
    expect(cheaperModel("gpt-4o-mini")).toBeNull();
    expect(cheaperModel("some-house-model")).toBeNull();
  });
});
