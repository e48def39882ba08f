"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { createChannel, deleteChannel, testChannel } from "@/lib/notifications/channels";

export async function createChannelAction(org: string, input: unknown) {
  return runAction(async () => {
    const { channel, signingSecret } = await createChannel(await sessionActor(org), input);
    revalidatePath(`/${org}/settings/channels`);
    return { name: channel.name, signingSecret };
  });
}

export async function deleteChannelAction(org: string, channelId: string) {
  return runAction(async () => {
    await deleteChannel(await sessionActor(org), channelId);
    revalidatePath(`/${org}/settings/channels`);
    return undefined;
  });
}

export async function testChannelAction(org: string, channelId: string) {
  return runAction(async () => {
    const result = await testChannel(await sessionActor(org), channelId);
    revalidatePath(`/${org}/settings/channels`);
    return result;
  });
}
