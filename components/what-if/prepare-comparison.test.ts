import { describe, expect, it } from "vitest";
import { comparisonBars } from "@/components/what-if/prepare-comparison";

const answer = (current: string, projected: string, amount: string) => ({
  current: { cost: current, requests: "1", inputTokens: "1", outputTokens: "1", cacheReadShare: "0.0", byModel: [] },
  projected: { provider: "openai", model: "gpt-4o-mini", cost: projected, cacheHitShare: "50", pricePerMillion: { uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" } },
  difference: { amount, percent: null },
});

describe("the what-if's comparison bars", () => {
  it("plots today's cost and the projection, keeping the exact amounts", () => {
    expect(comparisonBars(answer("30.75", "2.44", "-28.31"))).toEqual([
      { key: "current", label: "Today", value: 30.75, exact: "30.75", color: "#475569" },
      { key: "projected", label: "gpt-4o-mini", value: 2.44, exact: "2.44", color: "#047857" },
    ]);
  });

  it("draws a dearer projection in red", () => {
    expect(comparisonBars(answer("1.00", "4.00", "3.00"))[1]!.color).toBe("#b91c1c");
  });
});
