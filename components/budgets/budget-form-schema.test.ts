import { describe, expect, it } from "vitest";
import { BudgetFormSchema, budgetFormValues } from "@/components/budgets/budget-form-schema";
import { BudgetInputSchema } from "@/lib/budgets/schemas";

const values = { ...budgetFormValues(undefined, { teamId: "team-1" }), name: "Support", amount: "2500.50" };

function errors(input: object): Record<string, string> {
  const result = BudgetFormSchema.safeParse({ ...values, ...input });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("BudgetFormSchema", () => {
  it("turns the typed fields into the server's budget input", () => {
    const parsed = BudgetFormSchema.parse({ ...values, thresholds: "100, 50;80", downgradeAtPercent: "90", blockAtPercent: " ", model: " gpt-4o " });
    expect(parsed).toEqual({
      name: "Support",
      period: "monthly",
      amount: "2500.50",
      thresholds: [50, 80, 100],
      teamId: "team-1",
      workflowId: null,
      provider: null,
      model: "gpt-4o",
      note: null,
      ownerUserId: null,
      downgradeAtPercent: 90,
      blockAtPercent: null,
      muted: false,
      channelIds: [],
    });
    expect(BudgetInputSchema.parse(parsed)).toEqual(parsed);
  });

  it("starts a new budget with the default thresholds", () => {
    expect(values.thresholds).toBe("50, 80, 100");
  });

  it("keeps each message on its field, with the server's rules", () => {
    expect(errors({ thresholds: "50, eighty" })).toEqual({ thresholds: "Whole percentages separated by commas, e.g. 50, 80, 100." });
    expect(errors({ thresholds: "50, 50" })).toEqual({ thresholds: "Each threshold once." });
    expect(errors({ thresholds: "0, 80" })).toEqual({ thresholds: "Thresholds are between 1 and 1000 %." });
    expect(errors({ thresholds: "" })).toEqual({ thresholds: "At least one threshold." });
    expect(errors({ amount: "12.345" })).toEqual({ amount: "An amount with at most two decimals, e.g. 2500 or 2500.50." });
    expect(errors({ downgradeAtPercent: "95", blockAtPercent: "90" })).toEqual({ downgradeAtPercent: "Downgrade must start below the block percentage." });
    expect(errors({ blockAtPercent: "1.5" })).toEqual({ blockAtPercent: "A whole percentage, e.g. 90, or empty." });
  });
});
