import { randomUUID } from "node:crypto";
import { actorForUser } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { Role } from "@/lib/permissions";

// Each test makes its own organization and people, so tests never see each other's data.

export function uniqueSlug(prefix = "org"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createOrg(name = "Test Org") {
  return db.organization.create({ data: { name, slug: uniqueSlug() } });
}

export async function createMember(orgId: string, role: Role, email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`) {
  const user = await db.user.upsert({ where: { email }, create: { email, name: `${role} person` }, update: {} });
  await db.membership.create({ data: { orgId, userId: user.id, role } });
  return user;
}

/** An organization with an admin, a finance user and a manager of one team (with a sub-team). */
export async function createOrgWithPeople() {
  const org = await createOrg();
  const [admin, finance, manager] = await Promise.all([
    createMember(org.id, "ADMIN"),
    createMember(org.id, "FINANCE"),
    createMember(org.id, "MANAGER"),
  ]);
  const managedTeam = await db.team.create({ data: { orgId: org.id, name: "Support" } });
  const subTeam = await db.team.create({ data: { orgId: org.id, name: "Support Tier 1", parentId: managedTeam.id } });
  const otherTeam = await db.team.create({ data: { orgId: org.id, name: "Legal" } });
  await db.teamManager.create({ data: { orgId: org.id, teamId: managedTeam.id, userId: manager.id } });
  const actors = {
    admin: await actorForUser(admin.id, org.slug),
    finance: await actorForUser(finance.id, org.slug),
    manager: await actorForUser(manager.id, org.slug),
  };
  return { org, users: { admin, finance, manager }, teams: { managedTeam, subTeam, otherTeam }, actors };
}

/** The AppError code a promise rejects with, or null when it resolves. */
export async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  const { AppError } = await import("@/lib/errors");
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
