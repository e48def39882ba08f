"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { sessionActor } from "@/lib/auth/actor";
import { acceptRecommendation, dismissRecommendation, refreshRecommendations, snoozeRecommendation } from "@/lib/recommendations/recommendations";

const done = async <T extends { status: string }>(org: string, work: Promise<T>) => {
  const result = await work;
  revalidatePath(`/${org}/recommendations`);
  return { status: result.status };
};

export async function acceptRecommendationAction(org: string, id: string) {
  return runAction(async () => done(org, acceptRecommendation(await sessionActor(org), id)));
}

export async function dismissRecommendationAction(org: string, id: string, reason: string) {
  return runAction(async () => done(org, dismissRecommendation(await sessionActor(org), id, { reason })));
}

export async function snoozeRecommendationAction(org: string, id: string, days: number) {
  return runAction(async () => done(org, snoozeRecommendation(await sessionActor(org), id, { days })));
}

export async function refreshRecommendationsAction(org: string) {
  return runAction(async () => {
    const result = await refreshRecommendations(await sessionActor(org));
    revalidatePath(`/${org}/recommendations`);
    return result;
  });
}
