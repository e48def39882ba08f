import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { AlertListQuerySchema, type AlertKind, type AlertSeverity, type AlertStatus, type AlertView, type DeliveryStatus } from "@/lib/alerts/schemas";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { grantOf } from "@/lib/permissions";
import { localDate } from "@/lib/budgets/periods";

// Alerts as people see them: listed with filters, scoped like everything else (managers: alerts of their teams'
// budgets, and anomalies of their teams and those teams' workflows), with where each was delivered; acknowledged.

const include = {
  deliveries: { include: { channel: { select: { name: true, kind: true } } }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.AlertInclude;
type AlertRow = Prisma.AlertGetPayload<{ include: typeof include }>;

const day = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

async function namesOf(orgId: string) {
  const [budgets, teams, workflows] = await Promise.all([
    db.budget.findMany({ where: { orgId }, select: { id: true, name: true, teamId: true, workflowId: true } }),
    db.team.findMany({ where: { orgId }, select: { id: true, name: true } }),
    db.workflow.findMany({ where: { orgId }, select: { id: true, name: true, teamId: true } }),
  ]);
  return {
    budgets: new Map(budgets.map((budget) => [budget.id, budget])),
    teams: new Map(teams.map((team) => [team.id, team.name])),
    workflows: new Map(workflows.map((workflow) => [workflow.id, workflow])),
  };
}
type Names = Awaited<ReturnType<typeof namesOf>>;

function toView(row: AlertRow, names: Names): AlertView {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    title: row.title,
    message: row.message,
    budgetId: row.budgetId,
    budgetName: row.budgetId ? (names.budgets.get(row.budgetId)?.name ?? "(deleted budget)") : null,
    periodFrom: day(row.periodFrom),
    periodTo: day(row.periodTo),
    threshold: row.threshold,
    teamId: row.teamId,
    teamName: row.teamId ? (names.teams.get(row.teamId) ?? "(deleted team)") : null,
    workflowId: row.workflowId,
    workflowName: row.workflowId ? (names.workflows.get(row.workflowId)?.name ?? "(deleted workflow)") : null,
    provider: row.provider,
    model: row.model,
    day: day(row.day),
    figures: row.figures as Record<string, string>,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    rearmed: row.rearmedAt !== null,
    deliveries: row.deliveries.map((delivery) => ({
      id: delivery.id,
      channelId: delivery.channelId,
      channelName: delivery.channel.name,
      channelKind: delivery.channel.kind,
      status: delivery.status as DeliveryStatus,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      nextAttemptAt: delivery.status === "pending" ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    })),
  };
}

/** What a manager may see: alerts of budgets of their teams (or those teams' workflows), and their teams' and workflows' anomalies. */
function managerWhere(actor: Actor, names: Names): Prisma.AlertWhereInput {
  const workflows = [...names.workflows.values()].filter((workflow) => workflow.teamId && actor.managedTeamIds.has(workflow.teamId)).map((workflow) => workflow.id);
  const budgets = [...names.budgets.values()]
    .filter((budget) => {
      const team = budget.teamId ?? (budget.workflowId ? names.workflows.get(budget.workflowId)?.teamId : null);
      return team ? actor.managedTeamIds.has(team) : false;
    })
    .map((budget) => budget.id);
  return { OR: [{ budgetId: { in: budgets } }, { budgetId: null, teamId: { in: [...actor.managedTeamIds] } }, { budgetId: null, workflowId: { in: workflows } }] };
}

export async function listAlerts(actor: Actor, input: unknown = {}): Promise<AlertView[]> {
  const managed = grantOf(actor.role, "alerts:read") === "managed";
  authorize(actor, "alerts:read", managed ? [...actor.managedTeamIds] : undefined);
  const query = parseInput(AlertListQuerySchema, input);
  const names = await namesOf(actor.org.id);
  const zoneDay = (value: string, end: boolean) => {
    // The organization's calendar day → instants: search a day either side, then keep the local days asked for.
    const shifted = new Date(Date.parse(`${value}T00:00:00Z`) + (end ? 2 : -1) * 86_400_000);
    return shifted;
  };
  const where: Prisma.AlertWhereInput = {
    orgId: actor.org.id,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.budgetId ? { budgetId: query.budgetId } : {}),
    ...(query.teamId ? { teamId: query.teamId } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: zoneDay(query.from, false) } : {}), ...(query.to ? { lt: zoneDay(query.to, true) } : {}) } } : {}),
    ...(managed ? managerWhere(actor, names) : {}),
  };
  const rows = await db.alert.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: query.limit + 64 });
  const local = (row: AlertRow) => localDate(actor.org.timeZone, row.createdAt);
  return rows
    .filter((row) => (!query.from || local(row) >= query.from) && (!query.to || local(row) <= query.to))
    .slice(0, query.limit)
    .map((row) => toView(row, names));
}

async function visibleAlert(actor: Actor, id: string, permission: "alerts:read" | "alerts:write"): Promise<{ row: AlertRow; names: Names }> {
  const managed = grantOf(actor.role, permission) === "managed";
  authorize(actor, permission, managed ? [...actor.managedTeamIds] : undefined);
  const names = await namesOf(actor.org.id);
  const row = await db.alert.findFirst({ where: { id, orgId: actor.org.id, ...(managed ? managerWhere(actor, names) : {}) }, include });
  if (!row) throw AppError.notFound("Alert");
  return { row, names };
}

/** Acknowledged: seen and being handled. Idempotent; audit logged once. */
export async function acknowledgeAlert(actor: Actor, id: string): Promise<AlertView> {
  const { row, names } = await visibleAlert(actor, id, "alerts:write");
  if (row.status === "acknowledged") return toView(row, names);
  const updated = await db.$transaction(async (tx) => {
    const saved = await tx.alert.update({ where: { id }, data: { status: "acknowledged", acknowledgedAt: new Date(), acknowledgedById: actor.userId }, include });
    await recordAudit(tx, auditWho(actor), { action: "alert.acknowledge", entityType: "alert", entityId: id, before: { status: row.status }, after: { status: "acknowledged" } });
    return saved;
  });
  return toView(updated, names);
}
