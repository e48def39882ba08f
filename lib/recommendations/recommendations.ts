import "server-only";
import Decimal from "decimal.js";
import type { Prisma, Recommendation } from "@/lib/generated/prisma/client";
import { runExplore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { addDays, daysBetween } from "@/lib/budgets/periods";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { logger } from "@/lib/log";
import { grantOf } from "@/lib/permissions";
import { pool } from "@/lib/pg";
import { unpricedModels } from "@/lib/pricing/queries";
import { RULES, WINDOW_DAYS, type Finding, type Usage } from "@/lib/recommendations/rules";
import {
  DismissSchema,
  RecommendationListQuerySchema,
  SnoozeSchema,
  type RealizedSaving,
  type RecommendationKind,
  type RecommendationStatus,
  type RecommendationView,
} from "@/lib/recommendations/schemas";

// Recommendations (issue 8): computed nightly and on demand from the last 30 days of the rollups (lib/recommendations
// /rules.ts for the rules, docs/recommendations.md for the formulas), one per finding (the dedupe key: kind and
// scope), refreshed while open; a dismissed one is not raised again, a snoozed one comes back when its snooze ends,
// an accepted one is followed up with the saving actually realized, measured from the ledger.

type Org = { id: string; currency: string; timeZone: string };
type Candidate = Omit<Finding, "savingUsd" | "series" | "seriesLabel" | "provider" | "model" | "kind" | "figures"> & {
  kind: RecommendationKind;
  provider: string | null;
  model: string | null;
  saving: Decimal;
  evidence: RecommendationView["evidence"];
};

type DayRow = {
  day: string;
  workflowId: string;
  provider: string;
  model: string;
  requests: string;
  uncached: string;
  cacheRead: string;
  cacheWrite: string;
  output: string;
};

/** Standard-tier token volume per day, workflow, provider and model (batch and flex volume is already discounted). */
async function usageOf(org: Org, from: string, to: string): Promise<Usage[]> {
  const [{ rows }, workflows] = await Promise.all([
    pool.query<DayRow>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, "workflowId", provider, model, sum(requests)::text AS requests,
              sum("uncachedInputTokens")::text AS uncached, sum("cacheReadInputTokens")::text AS "cacheRead",
              sum("cacheWrite5mInputTokens" + "cacheWrite1hInputTokens")::text AS "cacheWrite", sum("outputTokens")::text AS output
         FROM daily_usage
        WHERE "orgId" = $1 AND day BETWEEN $2::date AND $3::date AND "serviceTier" NOT IN ('batch', 'flex') AND requests > 0
        GROUP BY 1, 2, 3, 4`,
      [org.id, from, to],
    ),
    db.workflow.findMany({ where: { orgId: org.id }, select: { id: true, name: true, teamId: true, interactive: true } }),
  ]);
  const byId = new Map(workflows.map((workflow) => [workflow.id, workflow]));
  const middle = addDays(from, 15);
  const groups = new Map<string, Usage & { days: Map<string, { requests: Decimal; input: Decimal }> }>();
  for (const row of rows) {
    const key = [row.workflowId, row.provider, row.model].join("\u0000");
    let group = groups.get(key);
    if (!group) {
      const workflow = byId.get(row.workflowId);
      const zero = () => ({ requests: new Decimal(0), input: new Decimal(0), output: new Decimal(0) });
      group = {
        workflowId: workflow?.id ?? null,
        workflowName: workflow?.name ?? null,
        teamId: workflow?.teamId ?? null,
        provider: row.provider,
        model: row.model,
        interactive: workflow?.interactive ?? null,
        requests: new Decimal(0),
        uncached: new Decimal(0),
        cacheRead: new Decimal(0),
        cacheWrite: new Decimal(0),
        output: new Decimal(0),
        earlier: zero(),
        recent: zero(),
        daily: [],
        days: new Map(),
      };
      groups.set(key, group);
    }
    const input = new Decimal(row.uncached).plus(row.cacheRead).plus(row.cacheWrite);
    group.requests = group.requests.plus(row.requests);
    group.uncached = group.uncached.plus(row.uncached);
    group.cacheRead = group.cacheRead.plus(row.cacheRead);
    group.cacheWrite = group.cacheWrite.plus(row.cacheWrite);
    group.output = group.output.plus(row.output);
    const half = row.day < middle ? group.earlier : group.recent;
    half.requests = half.requests.plus(row.requests);
    half.input = half.input.plus(input);
    half.output = half.output.plus(row.output);
    const day = group.days.get(row.day) ?? { requests: new Decimal(0), input: new Decimal(0) };
    group.days.set(row.day, { requests: day.requests.plus(row.requests), input: day.input.plus(input) });
  }
  return [...groups.values()].map(({ days, ...usage }) => ({
    ...usage,
    daily: daysBetween(from, to).map((day) => {
      const entry = days.get(day);
      return { day, requests: entry ? entry.requests.toFixed(0) : "0", inputPerRequest: entry && !entry.requests.isZero() ? entry.input.dividedBy(entry.requests).toFixed(0) : "0" };
    }),
  }));
}

/** USD (the catalog's currency) to the reporting currency: the newest rate on or before today; null without one. */
async function usdRate(org: Org, today: string): Promise<Decimal | null> {
  if (org.currency === "USD") return new Decimal(1);
  const { rows } = await pool.query<{ rate: string }>(
    `SELECT rate::text FROM exchange_rate WHERE "orgId" = $1 AND "fromCurrency" = 'USD' AND "toCurrency" = $2 AND day <= $3::date ORDER BY day DESC LIMIT 1`,
    [org.id, org.currency, today],
  );
  return rows[0] ? new Decimal(rows[0].rate) : null;
}

/** 5. Unpriced models (map or price them), and spend attributed to no team or workflow (attribute it). */
async function hygiene(org: Org, from: string, to: string): Promise<Candidate[]> {
  const rows = await unpricedModels(org.id, { from, to });
  const out: Candidate[] = rows.map((row) => ({
    kind: "unpriced",
    dedupeKey: `unpriced:${row.provider}:${row.model ?? ""}`,
    workflowId: null,
    teamId: null,
    provider: row.provider,
    model: row.model,
    targetModel: null,
    title: `Price or map ${row.model || "(no model)"} on ${row.provider}`,
    action: `Map it to a catalog model (Prices → Unpriced → Map to model) or add a contract price: ${row.records} records and ${row.tokens} tokens in the last ${WINDOW_DAYS} days count as zero in every estimate until then.`,
    saving: new Decimal(0),
    confidence: "high",
    evidence: { figures: { records: String(row.records), tokens: String(row.tokens) }, series: [], seriesLabel: "" },
  }));
  const spend = await runExplore(org, null, { from, to, groupBy: [], filters: { team: [""], workflow: [""] }, metric: "effective", granularity: "day", compare: false });
  if (new Decimal(spend.total.value).gt(0)) {
    out.push({
      kind: "unattributed",
      dedupeKey: "unattributed",
      workflowId: null,
      teamId: null,
      provider: null,
      model: null,
      targetModel: null,
      title: "Attribute the spend no team or workflow owns",
      action: `${new Decimal(spend.total.value).toFixed(2)} ${org.currency} of the last ${WINDOW_DAYS} days belongs to no team or workflow: add attribution rules (Settings → Attribution) for its projects and keys, so budgets and chargeback see it.`,
      saving: new Decimal(0),
      confidence: "high",
      evidence: {
        figures: { spend: new Decimal(spend.total.value).toFixed(2), currency: org.currency },
        series: spend.buckets.map((bucket) => ({ day: bucket.start, value: Object.values(bucket.values).reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(2) })),
        seriesLabel: "Unattributed spend per day",
      },
    });
  }
  return out;
}

/** Recomputes an organization's recommendations from the last 30 days; returns how many are open. */
export async function computeRecommendations(orgId: string, options: { now?: Date } = {}): Promise<number> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, currency: true, timeZone: true } });
  const now = options.now ?? new Date();
  const today = orgToday(org.timeZone, now);
  const from = addDays(today, -(WINDOW_DAYS - 1));
  const [usage, rate, cleanup] = await Promise.all([usageOf(org, from, today), usdRate(org, today), hygiene(org, from, today)]);
  const candidates: Candidate[] = [...cleanup];
  if (rate) {
    for (const entry of usage) {
      for (const rule of RULES) {
        const finding = rule(entry);
        if (!finding) continue;
        const { savingUsd, series, seriesLabel, figures, ...rest } = finding;
        candidates.push({ ...rest, saving: savingUsd.times(rate), evidence: { figures, series, seriesLabel } });
      }
    }
  } else {
    logger.warn({ orgId, currency: org.currency }, "recommendations: no USD exchange rate; savings skipped");
  }
  await db.$transaction(async (tx) => {
    const existing = new Map((await tx.recommendation.findMany({ where: { orgId } })).map((row) => [row.dedupeKey, row]));
    for (const candidate of candidates) {
      const { saving, evidence, ...fields } = candidate;
      const data = { ...fields, evidence: evidence as Prisma.InputJsonValue, monthlySaving: saving.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2), currency: org.currency, computedAt: now };
      const found = existing.get(candidate.dedupeKey);
      existing.delete(candidate.dedupeKey);
      if (!found) {
        await tx.recommendation.create({ data: { ...data, orgId } });
      } else if (found.status === "open" || (found.status === "snoozed" && found.snoozedUntil && found.snoozedUntil <= now)) {
        await tx.recommendation.update({ where: { id: found.id }, data: { ...data, status: "open", snoozedUntil: null } });
      }
      // Accepted and dismissed ones keep the figures they were decided on.
    }
    // Open findings that no longer hold are gone; decisions stay.
    const stale = [...existing.values()].filter((row) => row.status === "open").map((row) => row.id);
    if (stale.length) await tx.recommendation.deleteMany({ where: { id: { in: stale } } });
  });
  return db.recommendation.count({ where: { orgId, status: "open" } });
}

// Reading and deciding.

function scopeWhere(actor: Actor, permission: "recommendations:read" | "recommendations:write"): Prisma.RecommendationWhereInput {
  const managed = grantOf(actor.role, permission) === "managed";
  authorize(actor, permission, managed ? [...actor.managedTeamIds] : undefined);
  return managed ? { orgId: actor.org.id, teamId: { in: [...actor.managedTeamIds] } } : { orgId: actor.org.id };
}

async function realizedOf(org: Org, row: Recommendation, today: string): Promise<RealizedSaving | null> {
  const baseline = row.baseline as { costPerRequest: string } | null;
  if (row.status !== "accepted" || !row.acceptedAt || !row.workflowId || !baseline) return null;
  const from = addDays(orgToday(org.timeZone, row.acceptedAt), 1);
  if (from > today) return null;
  const days = daysBetween(from, today).length;
  const query = { from, to: today, groupBy: [], filters: { workflow: [row.workflowId] }, granularity: "month" as const, compare: false };
  const [spend, requests] = await Promise.all([runExplore(org, null, { ...query, metric: "effective" }), runExplore(org, null, { ...query, metric: "requests" })]);
  if (new Decimal(requests.total.value).isZero()) return null;
  const after = new Decimal(spend.total.value).dividedBy(requests.total.value);
  const perMonth = new Decimal(requests.total.value).dividedBy(days).times(WINDOW_DAYS);
  return {
    days,
    costPerRequestBefore: new Decimal(baseline.costPerRequest).toDecimalPlaces(6).toFixed(6),
    costPerRequestAfter: after.toDecimalPlaces(6).toFixed(6),
    requestsPerMonth: perMonth.toFixed(0),
    monthlySaving: new Decimal(baseline.costPerRequest).minus(after).times(perMonth).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
  };
}

async function toViews(org: Org, rows: Recommendation[]): Promise<RecommendationView[]> {
  const [teams, workflows] = await Promise.all([
    db.team.findMany({ where: { orgId: org.id }, select: { id: true, name: true } }),
    db.workflow.findMany({ where: { orgId: org.id }, select: { id: true, name: true } }),
  ]);
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  const workflowNames = new Map(workflows.map((workflow) => [workflow.id, workflow.name]));
  const today = orgToday(org.timeZone);
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      kind: row.kind as RecommendationKind,
      status: row.status as RecommendationStatus,
      title: row.title,
      action: row.action,
      teamId: row.teamId,
      teamName: row.teamId ? (teamNames.get(row.teamId) ?? null) : null,
      workflowId: row.workflowId,
      workflowName: row.workflowId ? (workflowNames.get(row.workflowId) ?? null) : null,
      provider: row.provider,
      model: row.model,
      targetModel: row.targetModel,
      monthlySaving: new Decimal(row.monthlySaving.toString()).toFixed(2),
      currency: row.currency,
      confidence: row.confidence as RecommendationView["confidence"],
      evidence: row.evidence as RecommendationView["evidence"],
      dismissReason: row.dismissReason,
      snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      realized: await realizedOf(org, row, today),
      computedAt: row.computedAt.toISOString(),
    })),
  );
}

/** Sorted by saving, largest first; managers see their teams'. */
export async function listRecommendations(actor: Actor, input: unknown = {}): Promise<RecommendationView[]> {
  const query = parseInput(RecommendationListQuerySchema, input);
  // AND, not a spread: `...{ teamId: query.team }` would replace a manager's team scope, and ?team= of a team they
  // do not manage would list its recommendations (found by the authorization matrix).
  const filters: Prisma.RecommendationWhereInput = { ...(query.status ? { status: query.status } : {}), ...(query.team ? { teamId: query.team } : {}) };
  const rows = await db.recommendation.findMany({
    where: { AND: [scopeWhere(actor, "recommendations:read"), filters] },
    orderBy: [{ monthlySaving: "desc" }, { title: "asc" }],
  });
  return toViews(actor.org, rows);
}

async function decide(actor: Actor, id: string, action: string, data: (row: Recommendation) => Promise<Prisma.RecommendationUpdateInput>): Promise<RecommendationView> {
  const row = await db.recommendation.findFirst({ where: { id, ...scopeWhere(actor, "recommendations:write") } });
  if (!row) throw AppError.notFound("Recommendation");
  const changes = await data(row);
  const updated = await db.$transaction(async (tx) => {
    const saved = await tx.recommendation.update({ where: { id }, data: changes });
    await recordAudit(tx, auditWho(actor), { action: `recommendation.${action}`, entityType: "recommendation", entityId: id, before: { status: row.status }, after: { status: saved.status, reason: saved.dismissReason } });
    return saved;
  });
  return (await toViews(actor.org, [updated]))[0]!;
}

/** Accepted: the change is being made. The workflow's cost per request of the 30 days before is kept as the baseline. */
export async function acceptRecommendation(actor: Actor, id: string): Promise<RecommendationView> {
  return decide(actor, id, "accept", async (row) => {
    let baseline: Prisma.InputJsonValue | undefined;
    if (row.workflowId) {
      const today = orgToday(actor.org.timeZone);
      const query = { from: addDays(today, -WINDOW_DAYS), to: addDays(today, -1), groupBy: [], filters: { workflow: [row.workflowId] }, granularity: "month" as const, compare: false };
      const [spend, requests] = await Promise.all([runExplore(actor.org, null, { ...query, metric: "effective" }), runExplore(actor.org, null, { ...query, metric: "requests" })]);
      if (!new Decimal(requests.total.value).isZero()) {
        baseline = { from: query.from, to: query.to, cost: spend.total.value, requests: requests.total.value, costPerRequest: new Decimal(spend.total.value).dividedBy(requests.total.value).toString() };
      }
    }
    return { status: "accepted", acceptedAt: new Date(), acceptedById: actor.userId, snoozedUntil: null, dismissReason: null, ...(baseline ? { baseline } : {}) };
  });
}

export async function dismissRecommendation(actor: Actor, id: string, input: unknown): Promise<RecommendationView> {
  const { reason } = parseInput(DismissSchema, input);
  return decide(actor, id, "dismiss", async () => ({ status: "dismissed", dismissReason: reason, snoozedUntil: null }));
}

export async function snoozeRecommendation(actor: Actor, id: string, input: unknown): Promise<RecommendationView> {
  const { days } = parseInput(SnoozeSchema, input ?? {});
  return decide(actor, id, "snooze", async () => ({ status: "snoozed", snoozedUntil: new Date(Date.now() + days * 86_400_000) }));
}

/** On demand (the page's button, POST /refresh): finance and admins recompute for the organization. */
export async function refreshRecommendations(actor: Actor): Promise<{ open: number }> {
  authorize(actor, "recommendations:write");
  return { open: await computeRecommendations(actor.org.id) };
}
