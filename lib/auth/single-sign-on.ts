import type { Profile } from "next-auth";
import { EmailSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * The user an OIDC sign-in maps to. Unsafe (no actor) because it runs during sign-in itself; it is safe because it
 * trusts only an email the identity provider marks verified. An unknown verified email gets an account when
 * self-service sign-up is on or an invitation is waiting for it; otherwise sign-in is refused, with the reason
 * as the sign-in page's error code.
 * Idempotent: Auth.js calls it from both the signIn and jwt callbacks.
 */
export async function unsafeUserForSingleSignOn(
  profile: Profile | undefined,
  providerAccountId: string,
): Promise<{ id: string; email: string } | { refused: "sso_unverified" | "sso_no_account" }> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: "oidc", providerAccountId } },
    include: { user: true },
  });
  if (linked) return linked.user;
  if (profile?.email_verified !== true) return { refused: "sso_unverified" };
  const parsed = EmailSchema.safeParse(profile.email);
  if (!parsed.success) return { refused: "sso_unverified" };
  const email = parsed.data;

  const existing = await db.user.findUnique({ where: { email } });
  if (!existing) {
    const invited = await db.invitation.count({
      where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    });
    if (!env.TOKENLEDGER_SIGNUP && invited === 0) return { refused: "sso_no_account" };
  }
  return db.$transaction(async (tx) => {
    const user =
      existing ??
      (await tx.user.create({
        data: { email, name: typeof profile.name === "string" ? profile.name : null, emailVerified: new Date() },
      }));
    await tx.account.upsert({
      where: { provider_providerAccountId: { provider: "oidc", providerAccountId } },
      create: { userId: user.id, provider: "oidc", providerAccountId },
      update: {},
    });
    return user;
  });
}
