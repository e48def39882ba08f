import { describe, expect, it } from "vitest";
import { actorForUser } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo/accounts";
import { DEMO_TEAMS, DEMO_WORKFLOWS, seedDemo } from "@/lib/demo/seed-demo";

describe("seed:demo", () => {
  it("creates Acme Corp with its people, nested teams and workflows, and is idempotent", async () => {
    const first = await seedDemo();
    const second = await seedDemo();
    expect(second.orgId).toBe(first.orgId);
    const orgId = first.orgId;
    expect(await db.team.count({ where: { orgId } })).toBe(DEMO_TEAMS.length);
    expect(await db.team.count({ where: { orgId, parentId: { not: null } } })).toBe(3);
    expect(await db.workflow.count({ where: { orgId } })).toBe(DEMO_WORKFLOWS.length);
    expect(DEMO_WORKFLOWS).toHaveLength(20);
    expect(await db.membership.count({ where: { orgId } })).toBe(3);

    for (const account of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
      expect((await actorForUser(user.id, "acme")).role).toBe(account.role);
    }
    const manager = await actorForUser(first.userIds.MANAGER!, "acme");
    const managed = await db.team.findMany({ where: { id: { in: [...manager.managedTeamIds] } }, select: { name: true } });
    // Two teams managed directly; Support Tier 1 comes with Customer Support.
    expect(managed.map((team) => team.name).sort()).toEqual(["Customer Support", "Marketing", "Support Tier 1"]);
    expect(await db.teamManager.count({ where: { orgId, userId: first.userIds.MANAGER! } })).toBe(2);
  });
});
