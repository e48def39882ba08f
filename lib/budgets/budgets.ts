import "server-only";
import Decimal from "decimal.js";
import type { Budget, Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { runExplore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { toSearchParams } from "@/lib/analytics/url";
import { forecastPeriod, TRAILING_DAYS } from "@/lib/budgets/forecast";
import { addDays, daysBetween, periodContaining, periodProgress, recentPeriods, type BudgetPeriod, type PeriodRange } from "@/lib/budgets/periods";
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

async function checkScope(actor: Actor, context: Context, data: { teamId?: string | null; workflowId?: string | null; ownerUserId?: string | null; currency?: string | null; channelIds?: string[] }) {
  const errors: Record<string, string[]> = {};
  if (data.teamId && !context.teamNames.has(data.teamId)) errors.teamId = ["Pick a team of this organization."];
  if (data.workflowId && !context.workflowNames.has(data.workflowId)) errors.workflowId = ["Pick a workflow of this organization."];
  else if (data.teamId && data.workflowId && context.teamNames.has(data.teamId)) {
    // A workflow of another team would make a budget that counts nothing.
    const team = context.workflowTeams.get(data.workflowId);
    if (!team || !descendantTeamIds([data.teamId], context.teams).has(team)) {
      errors.workflowId = [`${context.workflowNames.get(data.workflowId)} is not a workflow of ${context.teamNames.get(data.teamId)}: leave the team empty, or pick one of its workflows.`];
    }
  }
  if (data.ownerUserId && !(await db.membership.count({ where: { userId: data.ownerUserId, orgId: actor.org.id } }))) errors.ownerUserId = ["Pick a member of this organization."];
  if (data.channelIds?.length && (await db.notificationChannel.count({ where: { orgId: actor.org.id, id: { in: data.channelIds } } })) !== new Set(data.channelIds).size) {
    errors.channelIds = ["Pick channels of this organization."];
  }
  if (data.currency && data.currency !== actor.org.currency) errors.currency = [`Budgets are in the organization's reporting currency, ${actor.org.currency}.`];
  if (Object.keys(errors).length) throw new AppError("validation_failed", Object.values(errors)[0]![0]!, { fieldErrors: errors });
}

type Org = { id: string; currency: string; timeZone: string };

/**
 * The explorer's filters for a budget's scope (a team's budget covers its sub-teams). A workflow of the budget's
 * team (or of a team below it) is budgeted whole: its usage counts even where the ledger names the workflow and
 * no team (a gateway log that knows only the workflow); a workflow of another team contradicts the team, and the
 * budget counts nothing.
 */
function scopeFilters(context: Context, budget: Budget): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  const teams = budget.teamId ? [...descendantTeamIds([budget.teamId], context.teams)] : null;
  if (teams && !(budget.workflowId && teams.includes(context.workflowTeams.get(budget.workflowId) ?? ""))) filters.team = teams;
  if (budget.workflowId) filters.workflow = [budget.workflowId];
  if (budget.provider) filters.provider = [budget.provider];
  if (budget.model) filters.model = [budget.model];
  return filters;
}

const money = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const percentOf = (value: Decimal.Value, amount: Decimal.Value) => new Decimal(value).dividedBy(amount).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const sumValues = (values: Record<string, string>) => Object.values(values).reduce((total, value) => total.plus(value), new Decimal(0));

/** Past periods' actual spend in the budget's scope, from the rollups, one query for all of them. */
async function pastActuals(org: Org, filters: Record<string, string[]>, ranges: readonly PeriodRange[]): Promise<string[]> {
  if (ranges.length === 0) return [];
  const result = await runExplore(org, null, { from: ranges[0]!.from, to: ranges.at(-1)!.to, groupBy: [], filters, metric: "effective", granularity: "month", compare: false });
  // Months are whole inside every period (periods start on a month's first day), so buckets add up per period.
  return ranges.map((range) =>
    money(result.buckets.filter((bucket) => bucket.start >= range.from && bucket.start <= range.to).reduce((total, bucket) => total.plus(sumValues(bucket.values)), new Decimal(0))),
  );
}

/** The current period day by day, with the trailing four weeks before today the forecast learns from. */
async function dailySpend(org: Org, filters: Record<string, string[]>, range: PeriodRange, today: string) {
  const from = [range.from, addDays(today, -TRAILING_DAYS)].sort()[0]!;
  const to = today < range.to ? today : range.to;
  const result = await runExplore(org, null, { from, to, groupBy: [], filters, metric: "effective", granularity: "day", compare: false });
  const daily = new Map(result.buckets.map((bucket) => [bucket.start, sumValues(bucket.values)]));
  const firstDay = result.buckets.find((bucket) => !sumValues(bucket.values).isZero())?.start ?? null;
  return { daily, firstDay };
}

function periodStatus(budget: Budget, range: PeriodRange, actual: string): BudgetPeriodStatus {
  return { label: range.label, from: range.from, to: range.to, actual, percent: percentOf(actual, budget.amount.toString()) };
}

/** Where a budget stands in its current period: actual, state, forecast, from the rollups. */
async function standing(org: Org, context: Context, budget: Budget, today: string) {
  const period = budget.period as BudgetPeriod;
  const range = periodContaining(today, period);
  const filters = scopeFilters(context, budget);
  const { daily, firstDay } = await dailySpend(org, filters, range, today);
  const days = daysBetween(range.from, today < range.to ? today : range.to);
  const actual = days.reduce((sum, day) => sum.plus(daily.get(day) ?? 0), new Decimal(0));
  const forecast = forecastPeriod({ range, today, daily, firstDay });
  const current = periodStatus(budget, range, money(actual));
  const thresholds = budget.thresholds as number[];
  const crossed = thresholds.filter((threshold) => new Decimal(current.percent).gte(threshold));
  const state: BudgetState = new Decimal(current.percent).gte(100) ? "over" : crossed.length ? "warning" : "ok";
  const view: BudgetView = {
    id: budget.id,
    name: budget.name,
    period,
    amount: money(budget.amount.toString()),
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
    policy: { downgradeAtPercent: budget.downgradeAtPercent, blockAtPercent: budget.blockAtPercent },
    muted: budget.muted,
    channelIds: budget.channelIds,
    current: { ...current, daysLeft: periodProgress(range, today).left, thresholdsCrossed: crossed, state },
    forecast: {
      value: money(forecast.value),
      low: money(forecast.low),
      high: money(forecast.high),
      percent: percentOf(forecast.value, budget.amount.toString()),
      method: forecast.method,
    },
  };
  return { view, range, filters, days, daily, forecast };
}

/** A budget with its past periods, its days, the forecast's path and what drives the spend. */
async function detailOf(org: Org, context: Context, budget: Budget): Promise<BudgetDetail> {
  const today = orgToday(org.timeZone);
  const { view, range, filters, days, daily, forecast } = await standing(org, context, budget, today);
  const past = recentPeriods(today, view.period, HISTORY[view.period]).slice(0, -1);
  const to = today < range.to ? today : range.to;
  const drivers = (dimension: "workflow" | "model") =>
    runExplore(org, null, { from: range.from, to, groupBy: [dimension], filters, metric: "effective", granularity: "month", compare: false }).then((result) =>
      result.rows.slice(0, 5).map((row) => ({ id: row.group[0]?.value ?? null, name: row.group[0]?.label ?? "", amount: money(row.value) })),
    );
  const [pastValues, workflows, models] = await Promise.all([pastActuals(org, filters, past), drivers("workflow"), drivers("model")]);
  let cumulative = new Decimal(0);
  const explorer = toSearchParams({ range: "custom", from: range.from, to: range.to, groupBy: ["workflow"], filters, metric: "effective", granularity: "day", compare: false });
  return {
    ...view,
    history: past.map((period, index) => periodStatus(budget, period, pastValues[index]!)),
    daily: days.map((day) => {
      const actual = new Decimal(daily.get(day) ?? 0);
      cumulative = cumulative.plus(actual);
      return { day, actual: money(actual), cumulative: money(cumulative) };
    }),
    projection: forecast.projection.map((day) => ({ day: day.day, cumulative: money(day.cumulative), low: money(day.low), high: money(day.high) })),
    drivers: { workflows, models },
    explorerLink: `/explorer?${explorer.toString()}`,
  };
}

/** Every budget of an organization with where it stands now, for the alert evaluation and the dial (the caller authorizes). */
export async function standingsOf(org: Org, options: { now?: Date } = {}) {
  const today = orgToday(org.timeZone, options.now);
  const [budgets, context] = await Promise.all([db.budget.findMany({ where: { orgId: org.id }, orderBy: { name: "asc" } }), contextOf(org.id)]);
  const standings = await Promise.all(budgets.map(async (budget) => ({ budget, owningTeam: owningTeam(context, budget), ...(await standing(org, context, budget, today)) })));
  return { today, context, standings };
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
  const today = orgToday(actor.org.timeZone);
  return Promise.all(visible.map(async (budget) => (await standing(actor.org, context, budget, today)).view));
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
  return detailOf(actor.org, context, budget);
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
    return detailOf(actor.org, context, budget);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A budget named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
}

/** `now` (tests): the moment whose period the change re-arms alerts in. */
export async function updateBudget(actor: Actor, id: string, input: unknown, options: { now?: Date } = {}): Promise<BudgetDetail> {
  const [budget, context] = await Promise.all([findBudget(actor, id), contextOf(actor.org.id)]);
  const patch = parseInput(BudgetPatchSchema, input);
  // Both the budget as it is and as it would be must be the actor's to change.
  authorizeBudget(actor, context, "budgets:write", budget);
  const next = { teamId: patch.teamId === undefined ? budget.teamId : patch.teamId, workflowId: patch.workflowId === undefined ? budget.workflowId : patch.workflowId };
  authorizeBudget(actor, context, "budgets:write", next);
  await checkScope(actor, context, { ...patch, teamId: next.teamId, workflowId: next.workflowId });
  const { currency: _currency, ...changes } = patch;
  try {
    const updated = await db.$transaction(async (tx) => {
      const saved = await tx.budget.update({ where: { id }, data: changes });
      if (changes.amount !== undefined || changes.thresholds !== undefined || changes.period !== undefined) await rearm(tx, actor.org, context, saved, orgToday(actor.org.timeZone, options.now));
      await recordAudit(tx, auditWho(actor), {
        action: "budget.update",
        entityType: "budget",
        entityId: id,
        before: { name: budget.name, period: budget.period, amount: budget.amount.toString(), thresholds: budget.thresholds, teamId: budget.teamId, workflowId: budget.workflowId, provider: budget.provider, model: budget.model },
        after: changes,
      });
      return saved;
    });
    return detailOf(actor.org, context, updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A budget named "${patch.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
}

/**
 * Raising a budget re-arms what no longer holds: threshold alerts of the current period above the new percentage,
 * and the forecast alert when the forecast is now within the amount. A re-armed alert stays in the history (marked
 * so) and frees its key, so the threshold fires again when crossed again; thresholds at or below the new
 * percentage stay notified (lib/alerts/evaluate.ts).
 */
async function rearm(tx: Prisma.TransactionClient, org: Org, context: Context, budget: Budget, today: string): Promise<void> {
  const { view, range } = await standing(org, context, budget, today);
  await tx.$executeRaw`
    UPDATE alert SET "rearmedAt" = now(), "rearmedAtPercent" = ${view.current.percent}::numeric, "dedupeKey" = "dedupeKey" || '#' || id
     WHERE "orgId" = ${org.id} AND "budgetId" = ${budget.id} AND "periodFrom" = ${range.from}::date AND "rearmedAt" IS NULL
       AND ((kind = 'threshold' AND threshold > ${view.current.percent}::numeric) OR (kind = 'forecast' AND ${view.forecast.value}::numeric <= ${view.amount}::numeric))`;
}

export async function deleteBudget(actor: Actor, id: string): Promise<void> {
  const [budget, context] = await Promise.all([findBudget(actor, id), contextOf(actor.org.id)]);
  authorizeBudget(actor, context, "budgets:write", budget);
  await db.$transaction(async (tx) => {
    await tx.budget.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "budget.delete", entityType: "budget", entityId: id, before: { name: budget.name, amount: budget.amount.toString(), period: budget.period } });
  });
}
