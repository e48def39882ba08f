"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createTeam, deleteTeam, updateTeam } from "@/lib/teams/mutations";

export async function createTeamAction(org: string, input: unknown) {
  return runAction(async () => {
    const team = await createTeam(await sessionActor(org), input);
    revalidatePath(`/${org}/settings/teams`);
    return { id: team.id, name: team.name };
  });
}

export async function updateTeamAction(org: string, teamId: string, input: unknown) {
  return runAction(async () => {
    await updateTeam(await sessionActor(org), teamId, input);
    revalidatePath(`/${org}/settings/teams`);
    return undefined;
  });
}

export async function deleteTeamAction(org: string, teamId: string) {
  return runAction(async () => {
    await deleteTeam(await sessionActor(org), teamId);
    revalidatePath(`/${org}/settings/teams`);
    redirect(`/${org}/settings/teams`);
  });
}
