import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { toWorkflowView, workflowInclude } from "@/lib/workflows/queries";
import { WorkflowInputSchema, WorkflowPatchSchema, type WorkflowView } from "@/lib/workflows/schemas";

function nameTaken(name: string) {
  return new AppError("conflict", `A workflow named "${name}" already exists.`, {
    fieldErrors: { name: ["A workflow with this name already exists."] },
  });
}

async function assertTeamInOrg(tx: Tx, orgId: string, teamId: string | null) {
  if (teamId === null) return;
  if (!(await tx.team.findFirst({ where: { id: teamId, orgId }, select: { id: true } }))) {
    throw new AppError("validation_failed", "The owning team does not exist.", { fieldErrors: { teamId: ["Pick an existing team."] } });
  }
}

async function findOwn(actor: Actor, id: string) {
  const workflow = await db.workflow.findFirst({ where: { id, orgId: actor.org.id }, select: { id: true, teamId: true } });
  if (!workflow) {
    authorize(actor, "workflows:read");
    throw AppError.notFound("Workflow");
  }
  return workflow;
}

export async function createWorkflow(actor: Actor, input: unknown): Promise<WorkflowView> {
  const data = parseInput(WorkflowInputSchema, input);
  authorize(actor, "workflows:write", [data.teamId]);
  try {
    return await db.$transaction(async (tx) => {
      await assertTeamInOrg(tx, actor.org.id, data.teamId);
      const created = await tx.workflow.create({ data: { ...data, orgId: actor.org.id }, include: workflowInclude });
      const view = toWorkflowView(created);
      await recordAudit(tx, auditWho(actor), { action: "workflow.create", entityType: "workflow", entityId: view.id, after: view });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
}

export async function updateWorkflow(actor: Actor, id: string, input: unknown): Promise<WorkflowView> {
  const patch = parseInput(WorkflowPatchSchema, input);
  const existing = await findOwn(actor, id);
  // A manager may move a workflow only between teams they manage.
  authorize(actor, "workflows:write", patch.teamId !== undefined ? [existing.teamId, patch.teamId] : [existing.teamId]);
  try {
    return await db.$transaction(async (tx) => {
      if (patch.teamId !== undefined) await assertTeamInOrg(tx, actor.org.id, patch.teamId);
      const before = toWorkflowView(await tx.workflow.findUniqueOrThrow({ where: { id }, include: workflowInclude }));
      const after = toWorkflowView(await tx.workflow.update({ where: { id }, data: patch, include: workflowInclude }));
      await recordAudit(tx, auditWho(actor), { action: "workflow.update", entityType: "workflow", entityId: id, before, after });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(patch.name ?? "");
    throw error;
  }
}

export async function deleteWorkflow(actor: Actor, id: string): Promise<void> {
  const existing = await findOwn(actor, id);
  authorize(actor, "workflows:write", [existing.teamId]);
  await db.$transaction(async (tx) => {
    const before = toWorkflowView(await tx.workflow.findUniqueOrThrow({ where: { id }, include: workflowInclude }));
    await tx.workflow.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "workflow.delete", entityType: "workflow", entityId: id, before });
  });
}
