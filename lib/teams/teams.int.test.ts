import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createTeam, deleteTeam, updateTeam } from "@/lib/teams/mutations";
import { getTeam, listTeams } from "@/lib/teams/queries";
import { createOrgWithPeople, errorCode as codeOf } from "@/test/factories";

describe("teams data layer", () => {
  it("lets an admin create a nested team with managers, and audits it with the after state", async () => {
    const { org, actors, users, teams } = await createOrgWithPeople();
    const team = await createTeam(actors.admin, {
      name: "Platform",
      costCenter: "CC-1100",
      parentId: teams.otherTeam.id,
      managerIds: [users.manager.id],
    });
    expect(team).toMatchObject({ name: "Platform", costCenter: "CC-1100", parentId: teams.otherTeam.id, workflowCount: 0 });
    expect(team.managers.map((manager) => manager.id)).toEqual([users.manager.id]);
    const audit = await db.auditLog.findMany({ where: { orgId: org.id, entityId: team.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "team.create", actorUserId: users.admin.id, before: null });
    expect((audit[0]!.after as { name: string }).name).toBe("Platform");
  });

  it("scopes every read by organization: another tenant's team is not found", async () => {
    const a = await createOrgWithPeople();
    const b = await createOrgWithPeople();
    expect(await codeOf(getTeam(b.actors.admin, a.teams.managedTeam.id))).toBe("not_found");
    expect(await codeOf(updateTeam(b.actors.admin, a.teams.managedTeam.id, { name: "Hijacked" }))).toBe("not_found");
    expect(await codeOf(deleteTeam(b.actors.admin, a.teams.managedTeam.id))).toBe("not_found");
    expect((await listTeams(b.actors.admin)).map((team) => team.id)).not.toContain(a.teams.managedTeam.id);
    expect((await db.team.findUniqueOrThrow({ where: { id: a.teams.managedTeam.id } })).name).toBe("Support");
  });

  it("refuses finance any team change, and lets finance read", async () => {
    const { actors, teams } = await createOrgWithPeople();
    expect(await codeOf(createTeam(actors.finance, { name: "Shadow IT" }))).toBe("forbidden");
    expect(await codeOf(updateTeam(actors.finance, teams.managedTeam.id, { name: "x" }))).toBe("forbidden");
    expect(await codeOf(deleteTeam(actors.finance, teams.managedTeam.id))).toBe("forbidden");
    expect((await listTeams(actors.finance)).length).toBe(3);
  });

  it("lets a manager edit the details of their teams and sub-teams, and nothing else", async () => {
    const { actors, teams, users } = await createOrgWithPeople();
    expect((await updateTeam(actors.manager, teams.managedTeam.id, { costCenter: "CC-2000" })).costCenter).toBe("CC-2000");
    expect((await updateTeam(actors.manager, teams.subTeam.id, { description: "First line" })).description).toBe("First line");
    expect(await codeOf(updateTeam(actors.manager, teams.otherTeam.id, { costCenter: "CC-9" }))).toBe("forbidden");
    expect(await codeOf(updateTeam(actors.manager, teams.managedTeam.id, { parentId: teams.otherTeam.id }))).toBe("forbidden");
    expect(await codeOf(updateTeam(actors.manager, teams.managedTeam.id, { managerIds: [users.manager.id, users.finance.id] }))).toBe("forbidden");
    expect(await codeOf(createTeam(actors.manager, { name: "New" }))).toBe("forbidden");
    expect(await codeOf(deleteTeam(actors.manager, teams.subTeam.id))).toBe("forbidden");
  });

  it("refuses a parent that would make a cycle, and a manager from outside the organization", async () => {
    const { actors, teams } = await createOrgWithPeople();
    const outsider = await createOrgWithPeople();
    expect(await codeOf(updateTeam(actors.admin, teams.managedTeam.id, { parentId: teams.subTeam.id }))).toBe("validation_failed");
    expect(await codeOf(updateTeam(actors.admin, teams.managedTeam.id, { parentId: teams.managedTeam.id }))).toBe("validation_failed");
    expect(await codeOf(updateTeam(actors.admin, teams.managedTeam.id, { managerIds: [outsider.users.admin.id] }))).toBe("validation_failed");
    expect(await codeOf(createTeam(actors.admin, { name: "Orphan", parentId: outsider.teams.managedTeam.id }))).toBe("validation_failed");
  });

  it("reports a duplicate name as a conflict on the name field", async () => {
    const { actors } = await createOrgWithPeople();
    const error = await createTeam(actors.admin, { name: "Legal" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("conflict");
    expect((error as AppError).details).toEqual({ fieldErrors: { name: ["A team with this name already exists."] } });
  });

  it("records before and after of an update, and moves sub-teams up when a team is deleted", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    await updateTeam(actors.admin, teams.managedTeam.id, { name: "Customer Support" });
    const update = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "team.update" } });
    expect((update.before as { name: string }).name).toBe("Support");
    expect((update.after as { name: string }).name).toBe("Customer Support");

    await deleteTeam(actors.admin, teams.managedTeam.id);
    expect((await db.team.findUniqueOrThrow({ where: { id: teams.subTeam.id } })).parentId).toBeNull();
    expect(await db.team.count({ where: { orgId: org.id } })).toBe(2);
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "team.delete", entityId: teams.managedTeam.id } })).toBe(1);
  });
});
