import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { hashSecret, newSecret } from "@/lib/auth/secret-token";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { db, type Tx } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { ChangeRoleSchema, INVITATION_DAYS, InviteMemberSchema } from "@/lib/members/schemas";
import type { Role } from "@/lib/permissions";

export const INVITATION_PREFIX = "inv_";

/** Creates a single-use invitation and returns its secret, which only the returned link ever shows. */
export async function inviteMember(actor: Actor, input: unknown) {
  authorize(actor, "members:manage");
  const { email, role } = parseInput(InviteMemberSchema, input);
  const orgId = actor.org.id;
  const member = await db.membership.findFirst({ where: { orgId, user: { email } } });
  if (member) {
    throw new AppError("conflict", `${email} is already a member.`, { fieldErrors: { email: ["Already a member of this organization."] } });
  }
  const secret = newSecret(INVITATION_PREFIX);
  const invitation = await db.$transaction(async (tx) => {
    // A new invitation replaces any earlier one for the same address, so only the newest link works.
    await tx.invitation.updateMany({
      where: { orgId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invitation.create({
      data: {
        orgId,
        email,
        role,
        tokenHash: hashSecret(secret),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
      },
    });
    await recordAudit(tx, auditWho(actor), {
      action: "invitation.create",
      entityType: "invitation",
      entityId: created.id,
      after: { email, role, expiresAt: created.expiresAt },
    });
    return created;
  });
  return { invitation: { id: invitation.id, email, role, expiresAt: invitation.expiresAt.toISOString() }, secret };
}

export async function revokeInvitation(actor: Actor, id: string): Promise<void> {
  authorize(actor, "members:manage");
  await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id, orgId: actor.org.id, acceptedAt: null, revokedAt: null } });
    if (!invitation) throw AppError.notFound("Invitation");
    await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, auditWho(actor), {
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: id,
      before: { email: invitation.email, role: invitation.role },
    });
  });
}

async function assertAnotherAdminRemains(tx: Tx, orgId: string, userId: string) {
  const admins = await tx.membership.count({ where: { orgId, role: "ADMIN", userId: { not: userId } } });
  if (admins === 0) {
    throw new AppError("conflict", "An organization needs at least one admin. Make someone else an admin first.");
  }
}

async function findMembership(tx: Tx, actor: Actor, userId: string) {
  const membership = await tx.membership.findFirst({ where: { orgId: actor.org.id, userId }, include: { user: true } });
  if (!membership) throw AppError.notFound("Member");
  return membership;
}

export async function changeMemberRole(actor: Actor, userId: string, input: unknown): Promise<{ role: Role }> {
  authorize(actor, "members:manage");
  const { role } = parseInput(ChangeRoleSchema, input);
  return db.$transaction(async (tx) => {
    const membership = await findMembership(tx, actor, userId);
    if (membership.role === role) return { role };
    if (membership.role === "ADMIN") await assertAnotherAdminRemains(tx, actor.org.id, userId);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, auditWho(actor), {
      action: "member.role_change",
      entityType: "member",
      entityId: userId,
      before: { email: membership.user.email, role: membership.role },
      after: { email: membership.user.email, role },
    });
    return { role };
  });
}

/** Removes a member: their team-manager roles in this organization go, and their API tokens here are revoked. */
export async function removeMember(actor: Actor, userId: string): Promise<void> {
  authorize(actor, "members:manage");
  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, actor, userId);
    if (membership.role === "ADMIN") await assertAnotherAdminRemains(tx, actor.org.id, userId);
    await tx.teamManager.deleteMany({ where: { orgId: actor.org.id, userId } });
    await tx.apiToken.updateMany({ where: { orgId: actor.org.id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, auditWho(actor), {
      action: "member.remove",
      entityType: "member",
      entityId: userId,
      before: { email: membership.user.email, role: membership.role },
    });
  });
}
