"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@/lib/members/mutations";
import { invitationLink, requestOrigin } from "@/lib/request-origin";

export async function inviteMemberAction(org: string, input: unknown) {
  return runAction(async () => {
    const actor = await sessionActor(org);
    const { invitation, secret } = await inviteMember(actor, input);
    revalidatePath(`/${org}/settings/members`);
    return { email: invitation.email, link: invitationLink(await requestOrigin(), secret) };
  });
}

export async function changeRoleAction(org: string, userId: string, role: string) {
  return runAction(async () => {
    await changeMemberRole(await sessionActor(org), userId, { role });
    revalidatePath(`/${org}`, "layout");
    return undefined;
  });
}

export async function removeMemberAction(org: string, userId: string) {
  return runAction(async () => {
    await removeMember(await sessionActor(org), userId);
    revalidatePath(`/${org}/settings/members`);
    return undefined;
  });
}

export async function revokeInvitationAction(org: string, invitationId: string) {
  return runAction(async () => {
    await revokeInvitation(await sessionActor(org), invitationId);
    revalidatePath(`/${org}/settings/members`);
    return undefined;
  });
}
