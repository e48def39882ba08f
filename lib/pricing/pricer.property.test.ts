import DecimalBase from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TokenBuckets } from "@/lib/ingest/types";
import { fromScaled } from "@/lib/money";
import { createPricer, PRICE_SCALE, PRICED_BUCKETS, type PriceInput, type PriceRow } from "@/lib/pricing/pricer";

// The pricing function on any catalog row and any token counts: cost = Σ tokens × price per million / 10^6,
// exactly, rounded once to the ledger's 14 places (half away from zero).

const Decimal = DecimalBase.clone({ precision: 100 });
const BUCKET_FIELDS = ["uncachedInputTokens", "cacheReadInputTokens", "cacheWrite5mInputTokens", "cacheWrite1hInputTokens", "outputTokens"] as const;

/** A per-million price with up to `places` decimals (catalogs state a few; contract prices may state up to 12). */
const perMillion = (places: number) => fc.bigInt({ min: 0n, max: 200n * 10n ** BigInt(places) }).map((value) => value * 10n ** BigInt(PRICE_SCALE - places));
const prices = (places: number) => fc.tuple(...PRICED_BUCKETS.map(() => perMillion(places))) as fc.Arbitrary<bigint[]>;
const tokenCount = fc.oneof(fc.constant(0), fc.nat({ max: 1000 }), fc.nat({ max: 2_000_000_000 }));
const tokens = fc.tuple(...BUCKET_FIELDS.map(() => tokenCount)) as fc.Arbitrary<number[]>;

function pricerFor(bucketPrices: bigint[]) {
  const row: PriceRow = {
    provider: "openai",
    model: "m",
    serviceTier: "standard",
    contextTier: "",
    perMillion: Object.fromEntries(PRICED_BUCKETS.map((bucket, index) => [bucket, bucketPrices[index]!])) as PriceRow["perMillion"],
    unit: null,
    unitPrice: null,
    currency: "USD",
    validFrom: Date.parse("2024-01-01T00:00:00Z"),
    validTo: null,
  };
  return createPricer({ prices: [row], aliases: [] });
}

function input(counts: number[]): PriceInput {
  const buckets = Object.fromEntries(BUCKET_FIELDS.map((field, index) => [field, counts[index]!])) as Omit<TokenBuckets, "reasoningTokens">;
  return {
    provider: "openai",
    model: "m",
    modelRaw: "m",
    serviceTier: "standard",
    tokens: { ...buckets, reasoningTokens: 0 },
    otherUnits: null,
    otherUnit: null,
    billedCost: null,
    periodStart: new Date("2025-03-01T10:00:00Z"),
    currency: "USD",
  };
}

const exactCost = (bucketPrices: bigint[], counts: number[]) =>
  counts
    .reduce((sum, count, index) => sum.plus(new Decimal(count).times(fromScaled(bucketPrices[index]!, PRICE_SCALE))), new Decimal(0))
    .dividedBy(1_000_000)
    .toDecimalPlaces(14, Decimal.ROUND_HALF_UP);

const costOf = (bucketPrices: bigint[], counts: number[]) => pricerFor(bucketPrices)(input(counts));
const anyTokens = (counts: number[]) => counts.some((count) => count > 0);

describe("createPricer, on any prices and token counts", () => {
  it("costs Σ tokens × price per million, exactly, rounded once to 14 places", () => {
    fc.assert(
      fc.property(prices(12), tokens, (bucketPrices, counts) => {
        fc.pre(anyTokens(counts));
        const outcome = costOf(bucketPrices, counts);
        expect(outcome.unpriced).toBe(false);
        expect(outcome.listCost).toBe(exactCost(bucketPrices, counts).toFixed());
        // No contract prices: the estimate is the list cost, and the scaled copy agrees with the string.
        expect(outcome.estimatedCost).toBe(outcome.listCost);
        expect(fromScaled(outcome.listScaled!, 14)).toBe(outcome.listCost);
      }),
      { numRuns: 1000 },
    );
  });

  it("never costs less for more tokens in any bucket", () => {
    fc.assert(
      fc.property(prices(12), tokens, fc.nat({ max: 4 }), fc.nat({ max: 1_000_000_000 }), (bucketPrices, counts, bucket, extra) => {
        fc.pre(anyTokens(counts));
        const more = counts.map((count, index) => (index === bucket ? count + extra : count));
        return new Decimal(costOf(bucketPrices, more).listCost!).greaterThanOrEqualTo(costOf(bucketPrices, counts).listCost!);
      }),
    );
  });

  it("prices zero tokens at nothing: no estimate, and not unpriced", () => {
    fc.assert(
      fc.property(prices(12), (bucketPrices) => {
        expect(costOf(bucketPrices, [0, 0, 0, 0, 0])).toMatchObject({ estimatedCost: null, listCost: null, unpriced: false });
      }),
    );
    fc.assert(fc.property(tokens, (counts) => !anyTokens(counts) || costOf([0n, 0n, 0n, 0n, 0n], counts).listCost === "0"));
  });

  it("scales: k times the tokens cost k times as much, and costs add (prices with up to 8 decimals: nothing to round)", () => {
    fc.assert(
      fc.property(prices(8), tokens, tokens, fc.integer({ min: 1, max: 1000 }), (bucketPrices, first, second, factor) => {
        fc.pre(anyTokens(first) && anyTokens(second));
        const one = new Decimal(costOf(bucketPrices, first).listCost!);
        const scaled = first.map((count) => count * factor);
        expect(new Decimal(costOf(bucketPrices, scaled).listCost!).equals(one.times(factor))).toBe(true);
        const both = first.map((count, index) => count + second[index]!);
        expect(new Decimal(costOf(bucketPrices, both).listCost!).equals(one.plus(costOf(bucketPrices, second).listCost!))).toBe(true);
      }),
    );
  });

  it("with 12-decimal prices, scaling is off by at most the rounding of one record", () => {
    fc.assert(
      fc.property(prices(12), tokens, fc.integer({ min: 1, max: 1000 }), (bucketPrices, counts, factor) => {
        fc.pre(anyTokens(counts));
        const one = new Decimal(costOf(bucketPrices, counts).listCost!);
        const scaled = new Decimal(costOf(bucketPrices, counts.map((count) => count * factor)).listCost!);
        // |round(k·x) − k·round(x)| ≤ ½ulp + k·½ulp, at 14 places.
        return scaled.minus(one.times(factor)).abs().lessThanOrEqualTo(new Decimal("0.5e-14").times(factor + 1));
      }),
    );
  });
});
