import "server-only";
import { forbidden, notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { getBudget } from "@/lib/budgets/budgets";
import type { BudgetDetail } from "@/lib/budgets/schemas";
import { isAppError } from "@/lib/errors";

/** A budget for a page: the 404 page when there is none in this organization, the 403 page when it is not the actor's. */
export async function budgetOrNotFound(actor: Actor, id: string): Promise<BudgetDetail> {
  try {
    return await getBudget(actor, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
}
