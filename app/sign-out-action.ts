"use server";

import { signOut } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export async function signOutAction(callbackUrl?: string): Promise<void> {
  const next = safeCallbackUrl(callbackUrl, "");
  await signOut({ redirectTo: next ? `/login?callbackUrl=${encodeURIComponent(next)}` : "/login" });
}
