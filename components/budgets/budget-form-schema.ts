import { z } from "zod";
import { BudgetInputSchema, DEFAULT_THRESHOLDS, type BudgetView } from "@/lib/budgets/schemas";

// The budget form's fields as typed (text inputs and selects), checked by the same rules as the server's
// BudgetInputSchema and turned into its input: "50, 80, 100" becomes [50, 80, 100], an empty percentage null.

const fields = BudgetInputSchema.shape;

/** Runs a server schema on a field's converted value; its message stays on the field (not on an array element). */
function check<T extends z.ZodType>(schema: T, value: unknown, context: z.RefinementCtx): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  context.addIssue({ code: "custom", message: result.error.issues[0]?.message ?? "Not valid." });
  return z.NEVER;
}

const wholeNumber = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

const thresholds = z.string().transform((text, context) => {
  const numbers = text.split(/[\s,;]+/).filter(Boolean).map(wholeNumber);
  if (numbers.some(Number.isNaN)) {
    context.addIssue({ code: "custom", message: "Whole percentages separated by commas, e.g. 50, 80, 100." });
    return z.NEVER;
  }
  return check(fields.thresholds.unwrap(), numbers, context);
});

const percent = (schema: typeof fields.downgradeAtPercent) =>
  z.string().transform((text, context) => {
    if (!text.trim()) return null;
    const value = wholeNumber(text);
    if (Number.isNaN(value)) {
      context.addIssue({ code: "custom", message: "A whole percentage, e.g. 90, or empty." });
      return z.NEVER;
    }
    return check(schema, value, context) ?? null;
  });

export const BudgetFormSchema = z
  .object({
    name: fields.name,
    period: fields.period,
    amount: fields.amount,
    thresholds,
    teamId: fields.teamId,
    workflowId: fields.workflowId,
    provider: fields.provider,
    model: fields.model,
    note: fields.note,
    ownerUserId: fields.ownerUserId,
    downgradeAtPercent: percent(fields.downgradeAtPercent),
    blockAtPercent: percent(fields.blockAtPercent),
    muted: z.boolean(),
    channelIds: z.array(z.string()),
  })
  .refine((value) => value.downgradeAtPercent === null || value.blockAtPercent === null || value.downgradeAtPercent < value.blockAtPercent, {
    message: "Downgrade must start below the block percentage.",
    path: ["downgradeAtPercent"],
  });

export type BudgetFormValues = z.input<typeof BudgetFormSchema>;

/** The form's values for a budget (to change it), or a new budget's defaults. */
export function budgetFormValues(budget: BudgetView | undefined, defaults: { teamId: string }): BudgetFormValues {
  return {
    name: budget?.name ?? "",
    period: budget?.period ?? "monthly",
    amount: budget?.amount ?? "",
    thresholds: (budget?.thresholds ?? DEFAULT_THRESHOLDS).join(", "),
    teamId: budget ? (budget.scope.teamId ?? "") : defaults.teamId,
    workflowId: budget?.scope.workflowId ?? "",
    provider: budget?.scope.provider ?? "",
    model: budget?.scope.model ?? "",
    note: budget?.note ?? "",
    ownerUserId: budget?.ownerUserId ?? "",
    downgradeAtPercent: budget?.policy.downgradeAtPercent?.toString() ?? "",
    blockAtPercent: budget?.policy.blockAtPercent?.toString() ?? "",
    muted: budget?.muted ?? false,
    channelIds: budget?.channelIds ?? [],
  };
}
