"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { acknowledgeAlert } from "@/lib/alerts/alerts";
import { sessionActor } from "@/lib/auth/actor";

export async function acknowledgeAlertAction(org: string, id: string) {
  return runAction(async () => {
    const alert = await acknowledgeAlert(await sessionActor(org), id);
    // Shown on the alerts page and on its budget's page.
    revalidatePath(`/${org}/alerts`);
    if (alert.budgetId) revalidatePath(`/${org}/budgets/${alert.budgetId}`);
    return { status: alert.status };
  });
}
