"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createPriceOverride, deletePriceOverride } from "@/lib/pricing/mutations";

export async function createOverrideAction(org: string, input: unknown) {
  return runAction(async () => {
    const override = await createPriceOverride(await sessionActor(org), input);
    revalidatePath(`/${org}/prices`);
    return override;
  });
}

export async function deleteOverrideAction(org: string, id: string) {
  return runAction(async () => {
    await deletePriceOverride(await sessionActor(org), id);
    revalidatePath(`/${org}/prices`);
    return undefined;
  });
}
