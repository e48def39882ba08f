import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { attributionGroups, computeMoves, loadRules, runAttributionApply } from "@/lib/attribution/apply";
import { loadWorkflowOwners } from "@/lib/ingest/pipeline";
import type { RuleCondition, RuleDefinition } from "@/lib/attribution/matcher";
import { ApplySchema, PreviewSchema, RuleInputSchema, RulePatchSchema, type MoveView, type PreviewResult, type RuleView } from "@/lib/attribution/schemas";
import { toRunView } from "@/lib/connections/queries";
import type { RunView } from "@/lib/connections/schemas";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { logger } from "@/lib/log";
import { pool } from "@/lib/pg";

// Attribution rules: listed in order, created, changed, reordered and deleted by admins (audited); previewed against
// the last 30 days before they are saved; re-applied to a date range as a background run.

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Background work; tests pass their own to run it in the foreground. */
export type Schedule = (work: () => Promise<void>) => void;
const inBackground: Schedule = (work) =>
  setImmediate(() => {
    work().catch((error: unknown) => logger.error({ err: error }, "re-applying attribution rules failed"));
  });

async function names(orgId: string) {
  const [teams, workflows] = await Promise.all([
    db.team.findMany({ where: { orgId }, select: { id: true, name: true } }),
    db.workflow.findMany({ where: { orgId }, select: { id: true, name: true } }),
  ]);
  return { teams: new Map(teams.map((team) => [team.id, team.name])), workflows: new Map(workflows.map((workflow) => [workflow.id, workflow.name])) };
}

export async function listRules(actor: Actor): Promise<RuleView[]> {
  authorize(actor, "attribution:read");
  const [rules, named] = await Promise.all([db.attributionRule.findMany({ where: { orgId: actor.org.id }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }), names(actor.org.id)]);
  return rules.map((rule, index) => ({
    id: rule.id,
    position: index + 1,
    name: rule.name,
    conditions: rule.conditions as RuleView["conditions"],
    teamId: rule.teamId,
    teamName: rule.teamId ? named.teams.get(rule.teamId) ?? null : null,
    workflowId: rule.workflowId,
    workflowName: rule.workflowId ? named.workflows.get(rule.workflowId) ?? null : null,
    enabled: rule.enabled,
    updatedAt: rule.updatedAt.toISOString(),
  }));
}

/** Team and workflow must be this organization's. */
async function checkTargets(orgId: string, teamId: string | null | undefined, workflowId: string | null | undefined) {
  if (teamId && !(await db.team.findFirst({ where: { id: teamId, orgId } }))) {
    throw new AppError("validation_failed", "No such team in this organization.", { fieldErrors: { teamId: ["Pick one of the organization's teams."] } });
  }
  if (workflowId && !(await db.workflow.findFirst({ where: { id: workflowId, orgId } }))) {
    throw new AppError("validation_failed", "No such workflow in this organization.", { fieldErrors: { workflowId: ["Pick one of the organization's workflows."] } });
  }
}

/** Puts `id` at the 1-based `position` and renumbers the rest, keeping their order. */
async function reorder(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], orgId: string, id: string, position: number | undefined) {
  const rules = await tx.attributionRule.findMany({ where: { orgId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
  const others = rules.map((rule) => rule.id).filter((ruleId) => ruleId !== id);
  const at = Math.min(Math.max((position ?? others.length + 1) - 1, 0), others.length);
  const ordered = [...others.slice(0, at), id, ...others.slice(at)];
  for (const [index, ruleId] of ordered.entries()) await tx.attributionRule.update({ where: { id: ruleId }, data: { position: index + 1 } });
}

export async function createRule(actor: Actor, input: unknown): Promise<RuleView> {
  authorize(actor, "attribution:write");
  const data = parseInput(RuleInputSchema, input);
  await checkTargets(actor.org.id, data.teamId, data.workflowId);
  const id = await db.$transaction(async (tx) => {
    const rule = await tx.attributionRule.create({
      data: {
        orgId: actor.org.id,
        position: 1_000_000,
        name: data.name,
        conditions: data.conditions.map((condition) => ({ ...condition, tagKey: condition.field === "tag" ? condition.tagKey : null })),
        teamId: data.teamId || null,
        workflowId: data.workflowId || null,
        enabled: data.enabled,
        createdById: actor.userId,
      },
    });
    await reorder(tx, actor.org.id, rule.id, data.position);
    await recordAudit(tx, auditWho(actor), { action: "attribution_rule.create", entityType: "attribution_rule", entityId: rule.id, after: data });
    return rule.id;
  });
  return (await listRules(actor)).find((rule) => rule.id === id)!;
}

export async function updateRule(actor: Actor, id: string, input: unknown): Promise<RuleView> {
  authorize(actor, "attribution:write");
  const data = parseInput(RulePatchSchema, input);
  const rule = await db.attributionRule.findFirst({ where: { id, orgId: actor.org.id } });
  if (!rule) throw AppError.notFound("Attribution rule");
  const teamId = data.teamId === undefined ? rule.teamId : data.teamId || null;
  const workflowId = data.workflowId === undefined ? rule.workflowId : data.workflowId || null;
  if (!teamId && !workflowId) throw new AppError("validation_failed", "A rule names a team, a workflow, or both.", { fieldErrors: { teamId: ["Pick a team or a workflow."] } });
  await checkTargets(actor.org.id, teamId, workflowId);
  await db.$transaction(async (tx) => {
    const updated = await tx.attributionRule.update({
      where: { id },
      data: {
        name: data.name,
        conditions: data.conditions?.map((condition) => ({ ...condition, tagKey: condition.field === "tag" ? condition.tagKey : null })),
        teamId,
        workflowId,
        enabled: data.enabled,
      },
    });
    if (data.position !== undefined) await reorder(tx, actor.org.id, id, data.position);
    await recordAudit(tx, auditWho(actor), {
      action: "attribution_rule.update",
      entityType: "attribution_rule",
      entityId: id,
      before: { name: rule.name, conditions: rule.conditions, teamId: rule.teamId, workflowId: rule.workflowId, enabled: rule.enabled, position: rule.position },
      after: { name: updated.name, conditions: updated.conditions, teamId: updated.teamId, workflowId: updated.workflowId, enabled: updated.enabled, position: data.position ?? rule.position },
    });
  });
  return (await listRules(actor)).find((candidate) => candidate.id === id)!;
}

export async function deleteRule(actor: Actor, id: string): Promise<void> {
  authorize(actor, "attribution:write");
  const rule = await db.attributionRule.findFirst({ where: { id, orgId: actor.org.id } });
  if (!rule) throw AppError.notFound("Attribution rule");
  await db.$transaction(async (tx) => {
    await tx.attributionRule.delete({ where: { id } });
    const rest = await tx.attributionRule.findMany({ where: { orgId: actor.org.id }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
    for (const [index, other] of rest.entries()) await tx.attributionRule.update({ where: { id: other.id }, data: { position: index + 1 } });
    await recordAudit(tx, auditWho(actor), { action: "attribution_rule.delete", entityType: "attribution_rule", entityId: id, before: { name: rule.name, conditions: rule.conditions, teamId: rule.teamId, workflowId: rule.workflowId } });
  });
}

/**
 * What saving the rule would move over the last `days` days, from where to where: the ledger as it is against
 * the ledger with every rule (this one included, at its place) applied — exactly what re-applying then does.
 */
export async function previewRule(actor: Actor, input: unknown): Promise<PreviewResult> {
  authorize(actor, "attribution:read");
  const { rule, days } = parseInput(PreviewSchema, input);
  await checkTargets(actor.org.id, rule.teamId, rule.workflowId);
  const current = await loadRules(pool, actor.org.id);
  const candidate: RuleDefinition = {
    id: rule.id ?? "preview",
    conditions: rule.conditions.map((condition) => ({ ...condition, tagKey: condition.tagKey ?? null })) as RuleCondition[],
    teamId: rule.teamId || null,
    workflowId: rule.workflowId || null,
  };
  const others = current.filter((existing) => existing.id !== rule.id);
  const at = Math.min(Math.max((rule.position ?? others.length + 1) - 1, 0), others.length);
  const rules = rule.enabled === false ? others : [...others.slice(0, at), candidate, ...others.slice(at)];
  const to = isoDay(new Date());
  const from = isoDay(new Date(Date.now() - (days - 1) * DAY_MS));
  return previewRange(actor.org.id, from, to, rules);
}

async function previewRange(orgId: string, from: string, to: string, rules: readonly RuleDefinition[]): Promise<PreviewResult> {
  const [groups, named, owners] = await Promise.all([attributionGroups(pool, orgId, from, to), names(orgId), loadWorkflowOwners(pool, orgId)]);
  const result = computeMoves(groups, rules, owners);
  const side = (teamId: string | null, workflowId: string | null) => ({
    teamId,
    teamName: teamId ? named.teams.get(teamId) ?? null : null,
    workflowId,
    workflowName: workflowId ? named.workflows.get(workflowId) ?? null : null,
  });
  const moves: MoveView[] = result.moves.map((move) => ({
    from: side(move.fromTeamId, move.fromWorkflowId),
    to: side(move.toTeamId, move.toWorkflowId),
    currency: move.currency,
    spend: move.spend,
    records: move.records,
  }));
  return { from, to, moves, attributed: result.attributed, unattributed: result.unattributed };
}

/** What re-applying the current rules to a range would move (the apply's own dry run). */
export async function previewApply(actor: Actor, input: unknown): Promise<PreviewResult> {
  authorize(actor, "attribution:read");
  const { from, to } = parseInput(ApplySchema, input);
  return previewRange(actor.org.id, from, to, await loadRules(pool, actor.org.id));
}

/** Re-applies the rules to a range in the background; poll the run for progress. */
export async function applyRules(actor: Actor, input: unknown, schedule: Schedule = inBackground): Promise<RunView> {
  authorize(actor, "attribution:write");
  const { from, to } = parseInput(ApplySchema, input);
  const active = await db.jobRun.findFirst({ where: { orgId: actor.org.id, kind: "attribution.apply", status: { in: ["queued", "running"] } } });
  if (active) throw new AppError("conflict", "Rules are already being re-applied; wait for that run to finish.");
  const run = await db.jobRun.create({
    data: { orgId: actor.org.id, kind: "attribution.apply", trigger: "manual", fromDay: new Date(`${from}T00:00:00Z`), toDay: new Date(`${to}T00:00:00Z`), createdById: actor.userId },
  });
  schedule(() => runAttributionApply(pool, run.id, auditWho(actor)));
  return toRunView(run);
}

export async function getApplyRun(actor: Actor, id: string): Promise<RunView> {
  authorize(actor, "attribution:read");
  const run = await db.jobRun.findFirst({ where: { id, orgId: actor.org.id, kind: "attribution.apply" } });
  if (!run) throw AppError.notFound("Run");
  return toRunView(run);
}

export async function listApplyRuns(actor: Actor): Promise<RunView[]> {
  authorize(actor, "attribution:read");
  const runs = await db.jobRun.findMany({ where: { orgId: actor.org.id, kind: "attribution.apply" }, orderBy: { createdAt: "desc" }, take: 10 });
  return runs.map(toRunView);
}
