"use server";

import { redirect } from "next/navigation";
import { sessionUserId } from "@/lib/auth";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { unsafeCreateOrganization } from "@/lib/orgs/create-organization";

/** A signed-in user creates another organization (or their first, after single sign-on). */
export async function createOrganization(input: { name: string; slug: string }): Promise<ActionResult> {
  return runAction(async () => {
    const userId = await sessionUserId();
    if (!userId) throw new AppError("unauthenticated", "Sign in to continue.");
    if (!env.TOKENLEDGER_SIGNUP) throw new AppError("forbidden", "Creating organizations is turned off here.");
    const { organization } = await unsafeCreateOrganization(input, { userId });
    redirect(`/${organization.slug}`);
  });
}
