import { describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import { bucketStart, costPerOutcome, daysOf, figuresOf, judge, outcomeVerdict, percentChange, summarizeOutcomes, type DayFigures } from "@/lib/outcomes/math";

const day = (date: string, spend: string, requests: number, tokens: number, outcomes: Record<string, string> = {}): DayFigures => ({
  day: date,
  spend,
  requests: String(requests),
  tokens: String(tokens),
  outcomes,
});

/** Fourteen days from 2026-03-02: the first seven at 2,000 tokens and 20 outcomes per 100 requests, then 2,760 and 20.4. */
function fortnight(): DayFigures[] {
  return daysOf("2026-03-02", "2026-03-15").map((date, index) =>
    index < 7 ? day(date, "3.10", 100, 200_000, { "tickets resolved": "20" }) : day(date, "4.30", 100, 276_000, { "tickets resolved": "20.4" }),
  );
}

describe("outcomes math", () => {
  it("sums days exactly and derives cost per outcome, tokens per request and outcomes per request from the sums", () => {
    const figures = figuresOf([
      day("2026-03-02", "10.50", 100, 250_000, { "tickets resolved": "21" }),
      day("2026-03-03", "4.2", 50, 100_000, { "tickets resolved": "9", "escalations avoided": "2.5" }),
      day("2026-03-04", "0.1", 0, 0),
      day("2026-03-05", "0.2", 0, 0),
    ]);
    // 10.50 + 4.2 + 0.1 + 0.2 = 15.00 (in floats 0.1 + 0.2 is 0.30000000000000004).
    expect(figures.spend).toBe("15");
    expect(figures.requests).toBe("150");
    expect(figures.tokens).toBe("350000");
    expect(figures.outcomes).toBe("32.5");
    expect(figures.byKind).toEqual({ "tickets resolved": "30", "escalations avoided": "2.5" });
    // 15 / 32.5 = 0.461538461…; 350,000 / 150 = 2,333.333…; 32.5 / 150 = 0.216666…
    expect(figures.costPerOutcome).toBe("0.461538");
    expect(figures.tokensPerRequest).toBe("2333.333333");
    expect(figures.outcomeRate).toBe("0.216667");
  });

  it("has no cost per outcome, and no rates, where the denominator is zero", () => {
    expect(costPerOutcome("12.34", "0")).toBeNull();
    expect(costPerOutcome("12.34", "4")).toBe("3.085");
    const figures = figuresOf([day("2026-03-02", "5", 0, 0)]);
    expect(figures).toMatchObject({ outcomes: "0", costPerOutcome: null, tokensPerRequest: null, outcomeRate: null });
    expect(figuresOf([])).toMatchObject({ spend: "0", outcomes: "0", costPerOutcome: null });
  });

  it("puts a day in its bucket: the day, the week's Monday, the month's first", () => {
    expect(bucketStart("2026-03-04", "day")).toBe("2026-03-04");
    expect(bucketStart("2026-03-04", "week")).toBe("2026-03-02"); // a Wednesday
    expect(bucketStart("2026-03-02", "week")).toBe("2026-03-02"); // a Monday
    expect(bucketStart("2026-03-08", "week")).toBe("2026-03-02"); // a Sunday ends the week
    expect(bucketStart("2026-03-01", "week")).toBe("2026-02-23"); // across a month
    expect(bucketStart("2026-03-31", "month")).toBe("2026-03-01");
    expect(daysOf("2024-02-27", "2024-03-01")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
  });

  it("computes changes in percent from exact decimals", () => {
    expect(percentChange("2000", "2760")).toBe("38");
    expect(percentChange("0.2", "0.204")).toBe("2");
    expect(percentChange("3", "2")).toBe("-33.33");
    expect(percentChange("0", "5")).toBeNull();
    expect(percentChange(null, "5")).toBeNull();
  });

  it("says in a plain sentence whether more tokens per request bought more outcomes", () => {
    const verdict = (tokens: string, rate: string) => judge(new Decimal(tokens), new Decimal(rate));
    expect(verdict("38", "2")).toEqual({ kind: "more_tokens_little_gain", sentence: "Tokens per request rose 38 % while outcomes per request rose 2 %: the extra context bought little." });
    expect(verdict("38", "25")).toEqual({
      kind: "more_tokens_more_outcomes",
      sentence: "Tokens per request and outcomes per request rose together (38 % and 25 %): more tokens bought more outcomes.",
    });
    // Rising, but less than half as fast as the tokens: little.
    expect(verdict("38", "18.9").kind).toBe("more_tokens_little_gain");
    expect(verdict("38", "19").kind).toBe("more_tokens_more_outcomes");
    expect(verdict("2.5", "0.3").sentence).toBe("Tokens per request rose 2.5 % while outcomes per request held steady (+0.3 %): the extra context bought little.");
    expect(verdict("12", "-5")).toEqual({ kind: "more_tokens_fewer_outcomes", sentence: "Tokens per request rose 12 % while outcomes per request fell 5 %: the extra context bought nothing." });
    expect(verdict("-20.04", "-0.4")).toEqual({
      kind: "fewer_tokens_same_outcomes",
      sentence: "Tokens per request fell 20 % while outcomes per request held steady (−0.4 %): the savings cost no outcomes.",
    });
    expect(verdict("-20", "-8").kind).toBe("fewer_tokens_fewer_outcomes");
    expect(verdict("1.99", "0").sentence).toBe("Tokens per request held steady (+2 %) and outcomes per request held steady (+0 %).");
    expect(verdict("-1", "6").sentence).toBe("Tokens per request held steady (−1 %) and outcomes per request rose 6 %: outcomes improved without more tokens.");
  });

  it("compares the first half of the range with the second, over days with both usage and outcomes", () => {
    const result = outcomeVerdict({ from: "2026-03-02", to: "2026-03-15" }, fortnight());
    // Tokens per request 2,000 → 2,760 (+38 %); outcomes per request 0.2 → 0.204 (+2 %).
    expect(result).toEqual({
      kind: "more_tokens_little_gain",
      sentence: "Tokens per request rose 38 % while outcomes per request rose 2 %: the extra context bought little.",
      days: 14,
      halves: [
        { from: "2026-03-02", to: "2026-03-08", days: 7, tokensPerRequest: "2000", outcomeRate: "0.2" },
        { from: "2026-03-09", to: "2026-03-15", days: 7, tokensPerRequest: "2760", outcomeRate: "0.204" },
      ],
      tokensPerRequestChange: "38",
      outcomeRateChange: "2",
    });
  });

  it("weighs each day by its requests, and leaves out days without outcomes or without usage", () => {
    const days = [
      ...fortnight(),
      // A day with usage and no outcomes sent, and a day with outcomes and no usage: neither is compared.
      day("2026-03-16", "9", 1000, 9_000_000),
      day("2026-03-17", "0", 0, 0, { "tickets resolved": "50" }),
    ];
    const result = outcomeVerdict({ from: "2026-03-02", to: "2026-03-17" }, days);
    // 16 days: the first half is 03-02 … 03-09 (7 × 2,000 and 1 × 2,760 tokens per 100 requests).
    expect(result.days).toBe(14);
    expect(result.halves![0]).toEqual({ from: "2026-03-02", to: "2026-03-09", days: 8, tokensPerRequest: "2095", outcomeRate: "0.2005" });
    expect(result.halves![1]).toEqual({ from: "2026-03-10", to: "2026-03-17", days: 6, tokensPerRequest: "2760", outcomeRate: "0.204" });
    // (2,760 − 2,095) / 2,095 = 31.74 %; (0.204 − 0.2005) / 0.2005 = 1.75 %.
    expect(result.tokensPerRequestChange).toBe("31.74");
    expect(result.outcomeRateChange).toBe("1.75");
    expect(result.sentence).toBe("Tokens per request rose 31.7 % while outcomes per request held steady (+1.7 %): the extra context bought little.");
  });

  it("gives no verdict on fewer than seven days, or with an empty half", () => {
    const six = fortnight().slice(4, 10);
    expect(outcomeVerdict({ from: "2026-03-02", to: "2026-03-15" }, six)).toMatchObject({
      kind: "not_enough_data",
      sentence: "Not enough data (under 7 days with both usage and outcomes).",
      days: 6,
      halves: null,
    });
    const noRequests = fortnight().map((entry) => ({ ...entry, requests: "0" }));
    expect(outcomeVerdict({ from: "2026-03-02", to: "2026-03-15" }, noRequests).sentence).toBe(
      "Not enough data (the usage of this workflow has no request counts, so there are no per-request rates to compare).",
    );
    const secondHalfOnly = fortnight().slice(7);
    expect(outcomeVerdict({ from: "2026-02-23", to: "2026-03-15" }, secondHalfOnly).sentence).toBe(
      "Not enough data (the first half of the range has no day with both usage and outcomes).",
    );
    const noOutcomesAtFirst = fortnight().map((entry, index) => (index < 7 ? { ...entry, outcomes: { "tickets resolved": "0" } } : entry));
    expect(outcomeVerdict({ from: "2026-03-02", to: "2026-03-15" }, noOutcomesAtFirst).sentence).toBe("Not enough data (no outcomes in the first half of the range to compare with).");
  });

  it("summarizes a range into every bucket, empty ones included, with totals that are the sum of the buckets", () => {
    const summary = summarizeOutcomes({ from: "2026-03-04", to: "2026-03-17", granularity: "week" }, fortnight());
    expect(summary.buckets.map((bucket) => bucket.start)).toEqual(["2026-03-02", "2026-03-09", "2026-03-16"]);
    // Week of 03-02 from 03-04: 5 days at 3.10 = 15.50 for 100 outcomes; week of 03-09: 7 × 4.30 = 30.10 for 142.8.
    expect(summary.buckets[0]).toMatchObject({ spend: "15.5", outcomes: "100", costPerOutcome: "0.155" });
    expect(summary.buckets[1]).toMatchObject({ spend: "30.1", outcomes: "142.8", costPerOutcome: "0.210784" });
    expect(summary.buckets[2]).toMatchObject({ spend: "0", outcomes: "0", costPerOutcome: null });
    expect(summary.totals).toMatchObject({ spend: "45.6", requests: "1200", outcomes: "242.8", costPerOutcome: "0.187809" });
    expect(summary.verdict.days).toBe(12);
  });
});
