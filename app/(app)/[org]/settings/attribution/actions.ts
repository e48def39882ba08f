"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { applyRules, createRule, deleteRule, previewApply, previewRule, updateRule } from "@/lib/attribution/rules";
import { createSplit, deleteSplit } from "@/lib/attribution/splits";
import { sessionActor } from "@/lib/auth/actor";

// The attribution settings page's actions, kept thin: the data layer authorizes and validates; these revalidate the page.

const page = (org: string) => `/${org}/settings/attribution`;

export async function previewRuleAction(org: string, input: unknown) {
  return runAction(async () => previewRule(await sessionActor(org), input));
}

export async function createRuleAction(org: string, input: unknown) {
  return runAction(async () => {
    const rule = await createRule(await sessionActor(org), input);
    revalidatePath(page(org));
    return { id: rule.id, name: rule.name };
  });
}

export async function updateRuleAction(org: string, id: string, input: unknown) {
  return runAction(async () => {
    const rule = await updateRule(await sessionActor(org), id, input);
    revalidatePath(page(org));
    return { id: rule.id, name: rule.name };
  });
}

export async function deleteRuleAction(org: string, id: string) {
  return runAction(async () => {
    await deleteRule(await sessionActor(org), id);
    revalidatePath(page(org));
  });
}

export async function previewApplyAction(org: string, input: unknown) {
  return runAction(async () => previewApply(await sessionActor(org), input));
}

export async function applyRulesAction(org: string, input: unknown) {
  return runAction(async () => {
    const run = await applyRules(await sessionActor(org), input);
    revalidatePath(page(org));
    return run;
  });
}

export async function createSplitAction(org: string, input: unknown) {
  return runAction(async () => {
    const split = await createSplit(await sessionActor(org), input);
    revalidatePath(page(org));
    return { id: split.id, name: split.name };
  });
}

export async function deleteSplitAction(org: string, id: string) {
  return runAction(async () => {
    await deleteSplit(await sessionActor(org), id);
    revalidatePath(page(org));
  });
}
