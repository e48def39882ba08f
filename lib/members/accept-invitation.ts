import { hashPassword } from "@/lib/auth/password";
import { AcceptInvitationSchema } from "@/lib/auth/schemas";
import { hashSecret } from "@/lib/auth/secret-token";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";

// Unsafe (no actor): the invitation's secret is the authorization. Whoever holds the link may join as the
// invited address; if that address already has an account, its owner must be signed in.

export type InvitationState =
  | { status: "open"; email: string; role: string; orgName: string; orgSlug: string; accountExists: boolean }
  | { status: "used" | "expired" | "revoked" | "unknown" };

async function findInvitation(secret: string) {
  return db.invitation.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { organization: true } });
}

export async function unsafeInvitationState(secret: string): Promise<InvitationState> {
  const invitation = await findInvitation(secret);
  if (!invitation) return { status: "unknown" };
  if (invitation.acceptedAt) return { status: "used" };
  if (invitation.revokedAt) return { status: "revoked" };
  if (invitation.expiresAt <= new Date()) return { status: "expired" };
  const accountExists = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return {
    status: "open",
    email: invitation.email,
    role: invitation.role,
    orgName: invitation.organization.name,
    orgSlug: invitation.organization.slug,
    accountExists,
  };
}

const STATE_MESSAGES = {
  unknown: "This invitation link is not valid. Ask your admin for a new one.",
  used: "This invitation link has already been used. Sign in instead.",
  revoked: "This invitation was withdrawn. Ask your admin for a new one.",
  expired: "This invitation has expired. Ask your admin for a new one.",
} as const;

/**
 * Accepts an invitation: with `newAccount` for an address that has no account yet, or as `signedInUserId` when
 * the invited address already has one. Single use: the row is claimed with a conditional update, so two
 * concurrent clicks cannot both join.
 */
export async function unsafeAcceptInvitation(
  secret: string,
  who: { newAccount: unknown } | { signedInUserId: string },
): Promise<{ orgSlug: string; email: string; userId: string }> {
  const account = "newAccount" in who ? parseInput(AcceptInvitationSchema, who.newAccount) : null;
  const passwordHash = account ? await hashPassword(account.password) : null;
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { organization: true } });
    const state = !invitation
      ? "unknown"
      : invitation.acceptedAt
        ? "used"
        : invitation.revokedAt
          ? "revoked"
          : invitation.expiresAt <= new Date()
            ? "expired"
            : null;
    if (state || !invitation) throw new AppError(state === "unknown" ? "not_found" : "conflict", STATE_MESSAGES[state ?? "unknown"]);

    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1) throw new AppError("conflict", STATE_MESSAGES.used);

    const existing = await tx.user.findUnique({ where: { email: invitation.email } });
    let userId: string;
    if (existing) {
      if (!("signedInUserId" in who) || who.signedInUserId !== existing.id) {
        throw new AppError("unauthenticated", `An account for ${invitation.email} exists. Sign in as ${invitation.email} to accept.`);
      }
      userId = existing.id;
    } else {
      if (!account) throw new AppError("validation_failed", "Choose a name and a password to create your account.");
      userId = (await tx.user.create({ data: { email: invitation.email, name: account.name, passwordHash, emailVerified: new Date() } })).id;
    }
    const already = await tx.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId } } });
    if (!already) await tx.membership.create({ data: { orgId: invitation.orgId, userId, role: invitation.role } });
    await recordAudit(tx, { orgId: invitation.orgId, actorUserId: userId, actorTokenId: null }, {
      action: "member.join",
      entityType: "member",
      entityId: userId,
      after: { email: invitation.email, role: invitation.role, invitationId: invitation.id },
    });
    return { orgSlug: invitation.organization.slug, email: invitation.email, userId };
  });
}
