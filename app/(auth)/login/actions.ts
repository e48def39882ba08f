"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn } from "@/lib/auth";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SignInSchema } from "@/lib/auth/schemas";
import { clientAddress } from "@/lib/auth/client-address";
import { checkSignInAllowed, describeBlock } from "@/lib/auth/sign-in-limits";
import { AppError, parseInput } from "@/lib/errors";

export async function signInWithPassword(input: unknown, callbackUrl?: string): Promise<ActionResult> {
  return runAction(async () => {
    const { email, password } = parseInput(SignInSchema, input);
    const address = clientAddress(await headers());
    const block = await checkSignInAllowed(email, address);
    if (block) throw new AppError("rate_limited", describeBlock(block));
    try {
      await signIn("credentials", { email, password, redirectTo: safeCallbackUrl(callbackUrl) });
    } catch (error) {
      if (error instanceof AuthError) {
        const after = await checkSignInAllowed(email, address);
        if (after) throw new AppError("rate_limited", describeBlock(after));
        throw new AppError("unauthenticated", "Wrong email or password.");
      }
      throw error;
    }
    return undefined;
  });
}

export async function signInWithSso(callbackUrl?: string): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallbackUrl(callbackUrl) });
}
