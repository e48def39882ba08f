import "server-only";
import Decimal from "decimal.js";
import type { Budget } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { runExplore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { periodContaining, periodProgress, recentPeriods, type BudgetPeriod, type PeriodRange } from "@/lib/budgets/periods";
import { BudgetInputSchema, BudgetPatchSchema, type BudgetDetail, type BudgetPeriodStatus, type BudgetState, type BudgetView } from "@/lib/budgets/schemas";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { grantOf } from "@/lib/permissions";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";

// Budgets (issue 7, first part): CRUD with manager scope and audit, and where each stands, period by period. The
// actual of a period is computed from the rollups through the explorer's engine (effective spend: billed where
// billed, else estimated), never kept as a counter: a budget cannot forget to reset. A team's budget covers its
// sub-teams. Amounts are in the organization's reporting currency.

/** Past periods shown beside the current one (the explorer answers at most three years at once). */
const HISTORY: Record<BudgetPeriod, number> = { monthly: 12, quarterly: 7, yearly: 2 };

type Scope = { teamId: string | null; workflowId: string | null };

/** The team a budget's scope belongs to (its team, or its workflow's team), for manager checks. */
function owningTeam(context: Context, scope: Scope): string | null {
  if (scope.teamId) return scope.teamId;
  return scope.workflowId ? (context.workflowTeams.get(scope.workflowId) ?? null) : null;
}

/** Managers may touch budgets of teams they manage (or of those teams' workflows) only; others, any. */
function authorizeBudget(actor: Actor, context: Context, permission: "budgets:read" | "budgets:write", scope: Scope): void {
  if (grantOf(actor.role, permission) === "managed") {
    const team = owningTeam(context, scope);
    if (permission === "budgets:write" && team === null) throw new AppError("forbidden", "Managers set budgets for the teams they manage and their workflows.");
    authorize(actor, permission, [team]);
    return;
  }
  authorize(actor, permission);
}

async function checkScope(actor: Actor, context: Context, data: { teamId?: string | null; workflowId?: string | null; ownerUserId?: string | null; currency?: string | null }) {
  const errors: Record<string, string[]> = {};
  if (data.teamId && !context.teamNames.has(data.teamId)) errors.teamId = ["Pick a team of this organization."];
  if (data.workflowId && !context.workflowNames.has(data.workflowId)) errors.workflowId = ["Pick a workflow of this organization."];
  if (data.ownerUserId && !(await db.membership.count({ where: { userId: data.ownerUserId, orgId: actor.org.id } }))) errors.ownerUserId = ["Pick a member of this organization."];
  if (data.currency && data.currency !== actor.org.currency) errors.currency = [`Budgets are in the organization's reporting currency, ${actor.org.currency}.`];
  if (Object.keys(errors).length) throw new AppError("validation_failed", Object.values(errors)[0]![0]!, { fieldErrors: errors });
}

/** Each period's actual spend in the budget's scope, from the rollups. */
async function actuals(actor: Actor, context: Context, budget: Budget, ranges: readonly PeriodRange[], today: string): Promise<string[]> {
  const filters: Record<string, string[]> = {};
  if (budget.teamId) filters.team = [...descendantTeamIds([budget.teamId], context.teams)];
  if (budget.workflowId) filters.workflow = [budget.workflowId];
  if (budget.provider) filters.provider = [budget.provider];
  if (budget.model) filters.model = [budget.model];
  const from = ranges[0]!.from;
  const to = ranges.at(-1)!.to < today ? ranges.at(-1)!.to : today;
  if (to < from) return ranges.map(() => "0.00");
  const result = await runExplore(actor.org, null, { from, to, groupBy: [], filters, metric: "effective", granularity: "month", compare: false });
  // Months are whole inside every period (periods start on a month's first day), so buckets add up per period.
  return ranges.map((range) => {
    const sum = result.buckets
      .filter((bucket) => bucket.start >= range.from && bucket.start <= range.to)
      .reduce((total, bucket) => Object.values(bucket.values).reduce((inner, value) => inner.plus(value), total), new Decimal(0));
    return sum.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  });
}

function periodStatus(budget: Budget, range: PeriodRange, actual: string): BudgetPeriodStatus {
  const percent = new Decimal(actual).dividedBy(budget.amount.toString()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return { label: range.label, from: range.from, to: range.to, actual, percent };
}

async function view(actor: Actor, context: Context, budget: Budget, withHistory: boolean): Promise<BudgetDetail> {
  const today = orgToday(actor.org.timeZone);
  const period = budget.period as BudgetPeriod;
  const ranges = withHistory ? recentPeriods(today, period, HISTORY[period]) : [periodContaining(today, period)];
  const values = await actuals(actor, context, budget, ranges, today);
  const statuses = ranges.map((range, index) => periodStatus(budget, range, values[index]!));
  const current = statuses.at(-1)!;
  const thresholds = budget.thresholds as number[];
  const crossed = thresholds.filter((threshold) => new Decimal(current.percent).gte(threshold));
  const state: BudgetState = new Decimal(current.percent).gte(100) ? "over" : crossed.length ? "warning" : "ok";
  return {
    id: budget.id,
    name: budget.name,
    period,
    amount: new Decimal(budget.amount.toString()).toFixed(2),
    currency: budget.currency,
    thresholds,
    scope: {
      teamId: budget.teamId,
      teamName: budget.teamId ? (context.teamNames.get(budget.teamId) ?? "(deleted team)") : null,
      workflowId: budget.workflowId,
      workflowName: budget.workflowId ? (context.workflowNames.get(budget.workflowId) ?? "(deleted workflow)") : null,
      provider: budget.provider,
      model: budget.model,
    },
    note: budget.note,
    ownerUserId: budget.ownerUserId,
    current: { ...current, daysLeft: periodProgress(ranges.at(-1)!, today).left, thresholdsCrossed: crossed, state },
    history: statuses.slice(0, -1),
  };
}

/** The organization's teams and workflows, read once per call: names, the team tree, workflows' teams. */
async function contextOf(orgId: string) {
  const [teams, workflows] = await Promise.all([
    db.team.findMany({ where: { orgId }, select: { id: true, name: true, parentId: true } }),
    db.workflow.findMany({ where: { orgId }, select: { id: true, name: true, teamId: true } }),
  ]);
  return {
    teams,
    teamNames: new Map(teams.map((team) => [team.id, team.name])),
    workflowNames: new Map(workflows.map((workflow) => [workflow.id, workflow.name])),
    workflowTeams: new Map(workflows.map((workflow) => [workflow.id, workflow.teamId])),
  };
}
type Context = Awaited<ReturnType<typeof contextOf>>;

/** The budgets the actor may see, each with its current period. Managers: their teams' and those teams' workflows'. */
export async function listBudgets(actor: Actor): Promise<BudgetView[]> {
  authorize(actor, "budgets:read", grantOf(actor.role, "budgets:read") === "managed" ? [...actor.managedTeamIds] : undefined);
  const [budgets, context] = await Promise.all([db.budget.findMany({ where: { orgId: actor.org.id }, orderBy: { name: "asc" } }), contextOf(actor.org.id)]);
  const managed = grantOf(actor.role, "budgets:read") === "managed";
  const visible = budgets.filter((budget) => {
    const team = owningTeam(context, budget);
    return !managed || (team !== null && actor.managedTeamIds.has(team));
  });
  return Promise.all(
    visible.map(async (budget) => {
      const { history: _history, ...rest } = await view(actor, context, budget, false);
      return rest;
    }),
  );
}

async function findBudget(actor: Actor, id: string): Promise<Budget> {
  const budget = await db.budget.findFirst({ where: { id, orgId: actor.org.id } });
  if (!budget) throw AppError.notFound("Budget");
  return budget;
}

/** One budget with its past periods. */
export async function getBudget(actor: Actor, id: string): Promise<BudgetDetail> {
  const [budget, context] = await Promise.all([findBudget(actor, id), contextOf(actor.org.id)]);
  authorizeBudget(actor, context, "budgets:read", budget);
  return view(actor, context, budget, true);
}

export async function createBudget(actor: Actor, input: unknown): Promise<BudgetDetail> {
  const data = parseInput(BudgetInputSchema, input);
  const context = await contextOf(actor.org.id);
  authorizeBudget(actor, context, "budgets:write", data);
  await checkScope(actor, context, data);
  try {
    const budget = await db.$transaction(async (tx) => {
      const created = await tx.budget.create({
        data: { ...data, orgId: actor.org.id, currency: actor.org.currency, amount: data.amount, thresholds: data.thresholds, createdById: actor.userId },
      });
      await recordAudit(tx, auditWho(actor), { action: "budget.create", entityType: "budget", entityId: created.id, after: { ...data, currency: actor.org.currency } });
      return created;
    });
    return view(actor, context, budget, true);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A budget named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
}

export async function updateBudget(actor: Actor, id: string, input: unknown): Promise<BudgetDetail> {
  const [budget, context] = await Promise.all([findBudget(actor, id), contextOf(actor.org.id)]);
  const patch = parseInput(BudgetPatchSchema, input);
  // Both the budget as it is and as it would be must be the actor's to change.
  authorizeBudget(actor, context, "budgets:write", budget);
  const next = { teamId: patch.teamId === undefined ? budget.teamId : patch.teamId, workflowId: patch.workflowId === undefined ? budget.workflowId : patch.workflowId };
  authorizeBudget(actor, context, "budgets:write", next);
  await checkScope(actor, context, patch);
  const { currency: _currency, ...changes } = patch;
  try {
    const updated = await db.$transaction(async (tx) => {
      const saved = await tx.budget.update({ where: { id }, data: changes });
      await recordAudit(tx, auditWho(actor), {
        action: "budget.update",
        entityType: "budget",
        entityId: id,
        before: { name: budget.name, period: budget.period, amount: budget.amount.toString(), thresholds: budget.thresholds, teamId: budget.teamId, workflowId: budget.workflowId, provider: budget.provider, model: budget.model },
        after: changes,
      });
      return saved;
    });
    return view(actor, context, updated, true);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A budget named "${patch.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
}

export async function deleteBudget(actor: Actor, id: string): Promise<void> {
  const [budget, context] = await Promise.all([findBudget(actor, id), contextOf(actor.org.id)]);
  authorizeBudget(actor, context, "budgets:write", budget);
  await db.$transaction(async (tx) => {
    await tx.budget.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "budget.delete", entityType: "budget", entityId: id, before: { name: budget.name, amount: budget.amount.toString(), period: budget.period } });
  });
}
