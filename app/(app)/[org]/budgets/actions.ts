"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions/action-result";
import { evaluateSoon } from "@/lib/alerts/trigger";
import { sessionActor } from "@/lib/auth/actor";
import { createBudget, deleteBudget, updateBudget } from "@/lib/budgets/budgets";

// The overview's burn card and the alerts page show budgets too: revalidate the whole organization's layout.

export async function createBudgetAction(org: string, input: unknown) {
  return runAction(async () => {
    const actor = await sessionActor(org);
    const budget = await createBudget(actor, input);
    void evaluateSoon(actor.org.id); // a budget created already past a threshold says so at once
    revalidatePath(`/${org}`, "layout");
    return { id: budget.id, name: budget.name };
  });
}

export async function updateBudgetAction(org: string, id: string, input: unknown) {
  return runAction(async () => {
    const actor = await sessionActor(org);
    const budget = await updateBudget(actor, id, input);
    void evaluateSoon(actor.org.id); // lowered below actual: the thresholds now crossed fire
    revalidatePath(`/${org}`, "layout");
    return { id: budget.id, name: budget.name };
  });
}

/** Muted: alerts still show in the app, nothing goes to the budget's channels. */
export async function muteBudgetAction(org: string, id: string, muted: boolean) {
  return runAction(async () => {
    const budget = await updateBudget(await sessionActor(org), id, { muted: muted === true });
    revalidatePath(`/${org}`, "layout");
    return { muted: budget.muted };
  });
}

export async function deleteBudgetAction(org: string, id: string) {
  return runAction(async () => {
    await deleteBudget(await sessionActor(org), id);
    revalidatePath(`/${org}`, "layout");
    redirect(`/${org}/budgets`);
  });
}
