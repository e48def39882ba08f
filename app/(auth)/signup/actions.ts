"use server";

import { signIn } from "@/lib/auth";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { SignUpSchema } from "@/lib/auth/schemas";
import { env } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { unsafeCreateOrganization } from "@/lib/orgs/create-organization";

/** Self-service sign-up: a new user and a new organization they administer, then signed in and sent there. */
export async function signUp(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    if (!env.TOKENLEDGER_SIGNUP) throw new AppError("forbidden", "Sign-up is turned off here. Ask an admin for an invitation.");
    const data = parseInput(SignUpSchema, input);
    await unsafeCreateOrganization(
      { name: data.organizationName, slug: data.organizationSlug },
      { email: data.email, name: data.name, password: data.password },
    );
    await signIn("credentials", { email: data.email, password: data.password, redirectTo: `/${data.organizationSlug}` });
    return undefined;
  });
}
