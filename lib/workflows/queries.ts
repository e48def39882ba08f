import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WorkflowView } from "@/lib/workflows/schemas";

export const workflowInclude = { team: { select: { name: true } } } as const satisfies Prisma.WorkflowInclude;

export function toWorkflowView(workflow: Prisma.WorkflowGetPayload<{ include: typeof workflowInclude }>): WorkflowView {
  return {
    id: workflow.id,
    name: workflow.name,
    description: workflow.description,
    teamId: workflow.teamId,
    teamName: workflow.team?.name ?? null,
    interactive: workflow.interactive,
    createdAt: workflow.createdAt.toISOString(),
    updatedAt: workflow.updatedAt.toISOString(),
  };
}

export async function listWorkflows(actor: Actor): Promise<WorkflowView[]> {
  authorize(actor, "workflows:read");
  const workflows = await db.workflow.findMany({
    where: { orgId: actor.org.id },
    include: workflowInclude,
    orderBy: { name: "asc" },
  });
  return workflows.map(toWorkflowView);
}

export async function getWorkflow(actor: Actor, id: string): Promise<WorkflowView> {
  authorize(actor, "workflows:read");
  const workflow = await db.workflow.findFirst({ where: { id, orgId: actor.org.id }, include: workflowInclude });
  if (!workflow) throw AppError.notFound("Workflow");
  return toWorkflowView(workflow);
}
