"use server";

import { redirect } from "next/navigation";
import { sessionUserId, signIn } from "@/lib/auth";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { AcceptInvitationSchema } from "@/lib/auth/schemas";
import { AppError, parseInput } from "@/lib/errors";
import { unsafeAcceptInvitation } from "@/lib/members/accept-invitation";

/** An invitee without an account picks a name and password, joins, and is signed in. */
export async function acceptWithNewAccount(secret: string, input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const account = parseInput(AcceptInvitationSchema, input);
    const joined = await unsafeAcceptInvitation(secret, { newAccount: account });
    await signIn("credentials", { email: joined.email, password: account.password, redirectTo: `/${joined.orgSlug}` });
    return undefined;
  });
}

/** An invitee who already has an account, and is signed in as it, joins. */
export async function acceptAsSignedInUser(secret: string): Promise<ActionResult> {
  return runAction(async () => {
    const userId = await sessionUserId();
    if (!userId) throw new AppError("unauthenticated", "Sign in to accept this invitation.");
    const joined = await unsafeAcceptInvitation(secret, { signedInUserId: userId });
    redirect(`/${joined.orgSlug}`);
  });
}
