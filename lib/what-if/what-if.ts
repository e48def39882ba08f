import "server-only";
import Decimal from "decimal.js";
import type { Actor } from "@/lib/auth/actor";
import { runExplore, sharingReads, spendScope } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { presetRange, type ExplorerResult, type Metric } from "@/lib/analytics/schemas";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import type { TokenBuckets } from "@/lib/ingest/types";
import { formatCount } from "@/lib/money";
import { pool } from "@/lib/pg";
import { loadPricer } from "@/lib/pricing/load-pricer";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";
import { differenceOf, percentOf, projectedCost, toCents, type PricesPerMillion } from "@/lib/what-if/math";
import { WhatIfInputSchema, type WhatIfAnswer, type WhatIfChoices, type WhatIfInput } from "@/lib/what-if/schemas";
import { findTargetModel, targetModels, type TargetModel } from "@/lib/what-if/target-models";

// The what-if simulator: what a workflow's (or a team's) last 30 days would have cost on another model, with an
// expected share of input read from the prompt cache. Method (docs/what-if.md):
//
// - Window: the explorer's "Last 30 days" in the organization's time zone (today and the 29 days before it), so
//   "today's cost" is exactly what the explorer shows for the same filter. The answer is per 30 days.
// - Volume and today's cost: the spend engine (runExplore) on the daily rollups, grouped by provider and model,
//   filtered to the workflow, or to the team and its sub-teams; a manager's answer is limited to their teams like
//   every spend figure. Cost is the effective spend (billed, else estimated) in the reporting currency; a missing
//   exchange rate is the explorer's 422.
// - Projected: that volume at the target model's standard, base-context price on today's date, through the
//   organization's pricer, so its aliases and contract prices (discounts, negotiated per-token prices) apply and
//   the catalog's USD is converted at the organization's rate. The arithmetic is lib/what-if/math.ts.

const METRICS = {
  cost: "effective",
  requests: "requests",
  uncached: "uncached_input_tokens",
  read: "cache_read_tokens",
  write: "cache_write_tokens",
  output: "output_tokens",
} as const satisfies Record<string, Metric>;
type Figure = keyof typeof METRICS;

type Scope = { kind: "workflow" | "team"; id: string; name: string; filters: Record<string, string[]> };

/** The workflow or team asked for, checked against the caller's teams: 404 when not the organization's, 403 when not a manager's. */
async function resolveScope(actor: Actor, managed: string[] | null, input: WhatIfInput): Promise<Scope> {
  const orgId = actor.org.id;
  const outside = (teamId: string | null) => managed !== null && (teamId === null || !managed.includes(teamId));
  if (input.workflowId) {
    const workflow = await db.workflow.findFirst({ where: { orgId, id: input.workflowId }, select: { id: true, name: true, teamId: true } });
    if (!workflow) throw AppError.notFound("Workflow");
    if (outside(workflow.teamId)) throw new AppError("forbidden", "You can only simulate the workflows of teams you manage.");
    return { kind: "workflow", id: workflow.id, name: workflow.name, filters: { workflow: [workflow.id] } };
  }
  const teams = await db.team.findMany({ where: { orgId }, select: { id: true, name: true, parentId: true } });
  const team = teams.find((entry) => entry.id === input.teamId);
  if (!team) throw AppError.notFound("Team");
  if (outside(team.id)) throw new AppError("forbidden", "You can only simulate teams you manage.");
  return { kind: "team", id: team.id, name: team.name, filters: { team: [...descendantTeamIds([team.id], teams)].sort() } };
}

const NO_TOKENS: TokenBuckets = { uncachedInputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/**
 * The target's prices per million tokens in the reporting currency, after contract prices: the organization's
 * pricer asked for exactly one million tokens of each kind (so whatever it applies, the test of its prices applies here).
 */
async function pricesOf(actor: Actor, target: TargetModel, day: string): Promise<{ prices: PricesPerMillion; contract: boolean }> {
  const pricer = await loadPricer(pool, actor.org.id);
  const priceOf = (bucket: keyof TokenBuckets) =>
    pricer({
      provider: target.provider,
      model: target.model,
      modelRaw: null,
      serviceTier: "standard",
      contextTier: "",
      tokens: { ...NO_TOKENS, [bucket]: 1_000_000 },
      otherUnits: null,
      otherUnit: null,
      billedCost: null,
      periodStart: new Date(`${day}T00:00:00Z`),
      currency: actor.org.currency,
    });
  const uncached = priceOf("uncachedInputTokens");
  const output = priceOf("outputTokens");
  const read = priceOf("cacheReadInputTokens");
  for (const outcome of [uncached, output]) {
    if (outcome.estimatedCost !== null) continue;
    if (outcome.reason?.includes("exchange rate")) {
      throw new AppError("missing_exchange_rate", `No exchange rate from the catalog's USD to ${actor.org.currency} on or before ${day}. An admin adds it under Settings → Exchange rates.`, {
        missing: [{ currency: "USD", firstDay: day }],
      });
    }
    throw fieldError("model", `${target.provider}/${target.model} has no standard price on ${day} (${outcome.reason ?? "unpriced"}).`);
  }
  return {
    prices: { uncachedInput: uncached.estimatedCost!, cacheRead: read.estimatedCost, output: output.estimatedCost! },
    contract: [uncached, output, read].some((outcome) => outcome.estimatedCost !== outcome.listCost),
  };
}

/** A validation error naming one field, in the shape a zod failure has. */
function fieldError(field: keyof WhatIfInput, message: string): AppError {
  return new AppError("validation_failed", message, { fieldErrors: { [field]: [message] } });
}

function whole(value: string | undefined): string {
  return new Decimal(value ?? 0).toFixed(0);
}

export async function whatIf(actor: Actor, input: unknown, options: { now?: Date } = {}): Promise<WhatIfAnswer> {
  const managed = spendScope(actor);
  const parsed = parseInput(WhatIfInputSchema, input);
  const today = orgToday(actor.org.timeZone, options.now);
  const target = findTargetModel(parsed.provider, parsed.model, today);
  if (!target) throw fieldError("model", `${parsed.provider}/${parsed.model} is not a text model in the price catalog. Choose one from the list.`);
  const scope = await resolveScope(actor, managed, parsed);
  const window = presetRange("30d", today);

  // Every metric comes from the same grouped sums: inside sharingReads the six answers cost one query.
  const figures = await sharingReads(() =>
    Promise.all(
      (Object.entries(METRICS) as [Figure, Metric][]).map(async ([figure, metric]) => {
        const result = await runExplore(actor.org, managed, { ...window, groupBy: ["provider", "model"], filters: scope.filters, metric, granularity: "day", compare: false });
        return [figure, result] as const;
      }),
    ),
  );
  const results = Object.fromEntries(figures) as Record<Figure, ExplorerResult>;
  const valueOf = (figure: Figure, key: string) => results[figure].rows.find((row) => row.key === key)?.value;
  const inputOf = (value: (figure: Figure) => string | undefined) => new Decimal(value("uncached") ?? 0).plus(value("read") ?? 0).plus(value("write") ?? 0);

  const byModel = results.cost.rows.map((row) => ({
    provider: row.group[0]!.value ?? "",
    model: row.group[1]!.value ?? "",
    cost: toCents(row.value),
    requests: whole(valueOf("requests", row.key)),
    inputTokens: inputOf((figure) => valueOf(figure, row.key)).toFixed(0),
    outputTokens: whole(valueOf("output", row.key)),
  }));
  const total = (figure: Figure) => results[figure].total.value;
  const inputTokens = inputOf(total);
  const outputTokens = whole(total("output"));
  const currentCost = toCents(total("cost"));

  const { prices, contract } = await pricesOf(actor, target, today);
  const share = new Decimal(parsed.cacheHitShare).toFixed();
  const projected = toCents(projectedCost({ inputTokens: inputTokens.toFixed(0), outputTokens }, prices, share));

  const currency = actor.org.currency;
  const basis = [
    `Per 30 days: ${window.from} to ${window.to} in the organization's time zone. `,
    `Today's cost is the effective spend (billed, else estimated) of ${scope.kind} “${scope.name}”${scope.kind === "team" ? " and its sub-teams" : ""}${managed ? " on the teams you manage" : ""}, as the explorer shows it. `,
    `Projected: the same ${formatCount(inputTokens.toNumber())} input and ${formatCount(Number(outputTokens))} output tokens at ${target.provider}/${target.model}'s standard price on ${today}`,
    contract ? " after your contract prices" : " (list price)",
    currency === "USD" ? "" : `, converted from USD to ${currency}`,
    `, with ${share} % of input at the cache-read price${prices.cacheRead === null ? " (the model has no cache price, so at the input price)" : ""} and the rest at the input price.`,
    " Cache-write surcharges are not included.",
  ].join("");

  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    window,
    currency,
    current: {
      cost: currentCost,
      requests: whole(total("requests")),
      inputTokens: inputTokens.toFixed(0),
      outputTokens,
      cacheReadShare: percentOf(total("read"), inputTokens),
      byModel,
    },
    projected: { provider: target.provider, model: target.model, cost: projected, cacheHitShare: share, pricePerMillion: prices },
    difference: differenceOf(currentCost, projected),
    basis,
  };
}

/** What the form offers: the workflows and teams the caller may simulate (a manager's own), and the target models. */
export async function whatIfChoices(actor: Actor, options: { now?: Date } = {}): Promise<WhatIfChoices> {
  const managed = spendScope(actor);
  const teamWhere = managed ? { id: { in: managed } } : {};
  const [workflows, teams] = await Promise.all([
    db.workflow.findMany({
      where: { orgId: actor.org.id, ...(managed ? { teamId: { in: managed } } : {}) },
      select: { id: true, name: true, team: { select: { name: true } } },
      orderBy: { name: "asc" },
    }),
    db.team.findMany({ where: { orgId: actor.org.id, ...teamWhere }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    workflows: workflows.map((workflow) => ({ id: workflow.id, name: workflow.name, teamName: workflow.team?.name ?? null })),
    teams,
    models: targetModels(orgToday(actor.org.timeZone, options.now)),
  };
}
