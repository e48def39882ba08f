"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createWorkflow, deleteWorkflow, updateWorkflow } from "@/lib/workflows/mutations";

export async function createWorkflowAction(org: string, input: unknown) {
  return runAction(async () => {
    const workflow = await createWorkflow(await sessionActor(org), input);
    revalidatePath(`/${org}/settings/workflows`);
    return { id: workflow.id, name: workflow.name };
  });
}

export async function updateWorkflowAction(org: string, workflowId: string, input: unknown) {
  return runAction(async () => {
    await updateWorkflow(await sessionActor(org), workflowId, input);
    revalidatePath(`/${org}/settings/workflows`);
    return { id: workflowId, name: "" };
  });
}

export async function deleteWorkflowAction(org: string, workflowId: string) {
  return runAction(async () => {
    await deleteWorkflow(await sessionActor(org), workflowId);
    revalidatePath(`/${org}/settings/workflows`);
    redirect(`/${org}/settings/workflows`);
  });
}
