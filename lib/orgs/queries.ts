import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";

/** The organizations a user belongs to, for the switcher. Scoped by construction: only the user's own memberships. */
export async function organizationsOfUser(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { organization: { select: { id: true, slug: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return memberships.map((membership) => ({ ...membership.organization, role: membership.role }));
}

export async function getOrganization(actor: Actor) {
  authorize(actor, "org:read");
  return db.organization.findUniqueOrThrow({
    where: { id: actor.org.id },
    select: { id: true, name: true, slug: true, timeZone: true, currency: true, createdAt: true },
  });
}

/** Counts for the overview until spend arrives: what the organization has set up. */
export async function organizationSummary(actor: Actor) {
  authorize(actor, "org:read");
  const orgId = actor.org.id;
  const [members, teams, workflows, tokens] = await Promise.all([
    db.membership.groupBy({ by: ["role"], where: { orgId }, _count: { _all: true } }),
    db.team.count({ where: { orgId } }),
    db.workflow.count({ where: { orgId } }),
    db.apiToken.count({ where: { orgId, revokedAt: null } }),
  ]);
  return {
    membersByRole: Object.fromEntries(members.map((row) => [row.role, row._count._all])) as Partial<Record<string, number>>,
    teams,
    workflows,
    activeTokens: tokens,
  };
}
