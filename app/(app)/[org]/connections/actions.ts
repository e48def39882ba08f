"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createConnection, deleteConnection, syncConnection, updateConnection } from "@/lib/connections/mutations";

export async function createConnectionAction(org: string, input: unknown) {
  return runAction(async () => {
    const connection = await createConnection(await sessionActor(org), input);
    revalidatePath(`/${org}/connections`);
    return { id: connection.id, name: connection.name, backfillFrom: connection.backfillFrom };
  });
}

export async function updateConnectionAction(org: string, id: string, input: unknown) {
  return runAction(async () => {
    const connection = await updateConnection(await sessionActor(org), id, input);
    revalidatePath(`/${org}/connections`, "layout");
    return { id: connection.id, status: connection.status };
  });
}

export async function syncConnectionAction(org: string, id: string) {
  return runAction(async () => {
    const { jobId } = await syncConnection(await sessionActor(org), id, {});
    revalidatePath(`/${org}/connections`);
    return { jobId };
  });
}

export async function deleteConnectionAction(org: string, id: string) {
  return runAction(async () => {
    await deleteConnection(await sessionActor(org), id);
    revalidatePath(`/${org}/connections`, "layout");
    redirect(`/${org}/connections`);
  });
}
