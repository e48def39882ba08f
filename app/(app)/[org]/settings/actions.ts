"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { updateOrganization } from "@/lib/orgs/mutations";

export async function updateOrganizationAction(org: string, input: unknown) {
  return runAction(async () => {
    const actor = await sessionActor(org);
    await updateOrganization(actor, input);
    revalidatePath(`/${org}`, "layout");
    return undefined;
  });
}
