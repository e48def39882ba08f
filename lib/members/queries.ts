import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import type { InvitationView, MemberView } from "@/lib/members/schemas";

export async function listMembers(actor: Actor): Promise<MemberView[]> {
  authorize(actor, "members:read");
  const orgId = actor.org.id;
  const memberships = await db.membership.findMany({
    where: { orgId },
    include: {
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          managedTeams: { where: { orgId }, select: { team: { select: { id: true, name: true } } } },
        },
      },
    },
    orderBy: { user: { email: "asc" } },
  });
  return memberships.map((membership) => ({
    userId: membership.userId,
    name: membership.user.name,
    email: membership.user.email,
    role: membership.role,
    managedTeams: membership.user.managedTeams.map((row) => row.team),
    joinedAt: membership.createdAt.toISOString(),
  }));
}

export async function listPendingInvitations(actor: Actor): Promise<InvitationView[]> {
  authorize(actor, "members:manage");
  const invitations = await db.invitation.findMany({
    where: { orgId: actor.org.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  return invitations.map((invitation) => ({
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
  }));
}
