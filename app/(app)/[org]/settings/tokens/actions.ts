"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createApiToken, revokeApiToken } from "@/lib/tokens/mutations";

export async function createTokenAction(org: string, input: unknown) {
  return runAction(async () => {
    const { token, secret } = await createApiToken(await sessionActor(org), input);
    revalidatePath(`/${org}/settings/tokens`);
    return { name: token.name, secret };
  });
}

export async function revokeTokenAction(org: string, tokenId: string) {
  return runAction(async () => {
    await revokeApiToken(await sessionActor(org), tokenId);
    revalidatePath(`/${org}/settings/tokens`);
    return undefined;
  });
}
