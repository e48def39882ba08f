import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createWorkflow, deleteWorkflow, updateWorkflow } from "@/lib/workflows/mutations";
import { getWorkflow, listWorkflows } from "@/lib/workflows/queries";
import { createOrgWithPeople, errorCode } from "@/test/factories";

describe("workflows data layer", () => {
  it("lets an admin create, rename and delete a workflow, each audited", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const workflow = await createWorkflow(actors.admin, { name: "Contract review", teamId: teams.otherTeam.id });
    expect(workflow).toMatchObject({ name: "Contract review", teamId: teams.otherTeam.id, teamName: "Legal" });
    expect((await updateWorkflow(actors.admin, workflow.id, { name: "Contract triage" })).name).toBe("Contract triage");
    await deleteWorkflow(actors.admin, workflow.id);
    expect(await db.workflow.count({ where: { orgId: org.id } })).toBe(0);
    const actions = (await db.auditLog.findMany({ where: { orgId: org.id, entityType: "workflow" }, orderBy: { createdAt: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["workflow.create", "workflow.update", "workflow.delete"]);
  });

  it("lets a manager manage workflows of their teams only", async () => {
    const { actors, teams } = await createOrgWithPeople();
    const own = await createWorkflow(actors.manager, { name: "Support copilot", teamId: teams.subTeam.id });
    expect(own.teamName).toBe("Support Tier 1");
    expect(await errorCode(createWorkflow(actors.manager, { name: "Clause extraction", teamId: teams.otherTeam.id }))).toBe("forbidden");
    expect(await errorCode(createWorkflow(actors.manager, { name: "Unowned", teamId: null }))).toBe("forbidden");
    // Moving a workflow to a team the manager does not manage would hand it away: refused.
    expect(await errorCode(updateWorkflow(actors.manager, own.id, { teamId: teams.otherTeam.id }))).toBe("forbidden");
    const legal = await createWorkflow(actors.admin, { name: "Clause extraction", teamId: teams.otherTeam.id });
    expect(await errorCode(updateWorkflow(actors.manager, legal.id, { name: "Mine now" }))).toBe("forbidden");
    expect(await errorCode(deleteWorkflow(actors.manager, legal.id))).toBe("forbidden");
  });

  it("keeps tenants apart and refuses finance writes", async () => {
    const a = await createOrgWithPeople();
    const b = await createOrgWithPeople();
    const workflow = await createWorkflow(a.actors.admin, { name: "Ticket triage" });
    expect(await errorCode(getWorkflow(b.actors.admin, workflow.id))).toBe("not_found");
    expect(await errorCode(updateWorkflow(b.actors.admin, workflow.id, { name: "x" }))).toBe("not_found");
    expect(await errorCode(createWorkflow(b.actors.admin, { name: "Cross", teamId: a.teams.otherTeam.id }))).toBe("validation_failed");
    expect(await errorCode(createWorkflow(a.actors.finance, { name: "Finance bot" }))).toBe("forbidden");
    expect((await listWorkflows(a.actors.finance)).map((row) => row.name)).toEqual(["Ticket triage"]);
    expect(await listWorkflows(b.actors.admin)).toEqual([]);
  });

  it("leaves workflows without a team when their team is deleted", async () => {
    const { actors, teams } = await createOrgWithPeople();
    const workflow = await createWorkflow(actors.admin, { name: "Clause extraction", teamId: teams.otherTeam.id });
    await db.team.delete({ where: { id: teams.otherTeam.id } });
    expect((await getWorkflow(actors.admin, workflow.id)).teamId).toBeNull();
  });
});
