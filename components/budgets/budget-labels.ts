import type { BudgetPeriod } from "@/lib/budgets/periods";
import type { BudgetView } from "@/lib/budgets/schemas";

export const BUDGET_PERIOD_LABELS: Record<BudgetPeriod, string> = { monthly: "Monthly", quarterly: "Quarterly", yearly: "Yearly" };

/** "Customer Support · Support copilot · openai", or "Whole organization" when nothing narrows it. */
export function describeScope(scope: BudgetView["scope"]): string {
  const parts = [scope.teamName, scope.workflowName, scope.provider, scope.model].filter(Boolean);
  return parts.length ? parts.join(" · ") : "Whole organization";
}

export const days = (count: number) => `${count} day${count === 1 ? "" : "s"}`;
