"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { saveExchangeRate } from "@/lib/pricing/mutations";

export async function saveRateAction(org: string, input: unknown) {
  return runAction(async () => {
    const rate = await saveExchangeRate(await sessionActor(org), input);
    revalidatePath(`/${org}/settings/exchange-rates`);
    return rate;
  });
}
