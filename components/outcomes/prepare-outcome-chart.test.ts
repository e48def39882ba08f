import { describe, expect, it } from "vitest";
import { outcomeChart } from "@/components/outcomes/prepare-outcome-chart";
import { figuresOf } from "@/lib/outcomes/math";

describe("the cost per outcome chart", () => {
  it("plots cost per outcome, keeps the exact figures, and leaves a gap where there were no outcomes", () => {
    const full = { start: "2026-03-02", ...figuresOf([{ day: "2026-03-02", spend: "4.30", requests: "100", tokens: "1", outcomes: { tickets: "20.4" } }]) };
    const empty = { start: "2026-03-03", ...figuresOf([{ day: "2026-03-03", spend: "1.5", requests: "10", tokens: "1", outcomes: {} }]) };
    expect(outcomeChart([full, empty])).toEqual([
      { start: "2026-03-02", costPerOutcome: 0.210784, exact: { spend: "4.3", outcomes: "20.4", costPerOutcome: "0.210784" } },
      { start: "2026-03-03", costPerOutcome: null, exact: { spend: "1.5", outcomes: "0", costPerOutcome: null } },
    ]);
  });
});
