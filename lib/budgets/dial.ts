import "server-only";
import Decimal from "decimal.js";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { standingsOf } from "@/lib/budgets/budgets";
import { localDate } from "@/lib/budgets/periods";
import { AppError, parseInput } from "@/lib/errors";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { CATALOG } from "@/lib/pricing/catalog-data";
import { baseModel, cheaperModel } from "@/lib/pricing/families";
import { grantOf } from "@/lib/permissions";
import { pool } from "@/lib/pg";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";

// The dial: a gateway about to send a request asks where the budgets that apply to it stand, and what to do.
// Per budget, from the policy its owner set:
//   block      at or above blockAtPercent of the amount;
//   downgrade  at or above downgradeAtPercent, naming the cheaper model of the same family (lib/pricing/families.ts;
//              without one, e.g. already the cheapest, it is "warn");
//   warn       once any of its thresholds is crossed, or its forecast exceeds the amount;
//   ok         otherwise.
// The answer's decision is the strictest of the budgets'. A budget applies when each part of its scope matches the
// request: its team is the request's team or one above it (a team's budget covers its sub-teams), and its workflow,
// provider and model (dated snapshots read as their model) are the request's.
//
// Called per request, so it must be fast: the organization's standings are computed once and reused until the
// ledger's rollups (the rollup version), the budgets or the day change: one small query per call decides that.

export const DIAL_DECISIONS = ["ok", "warn", "downgrade", "block"] as const;
export type DialDecision = (typeof DIAL_DECISIONS)[number];

export const DialQuerySchema = z.object({
  team: z.string().trim().min(1).max(200).optional().meta({ description: "Team id or name." }),
  workflow: z.string().trim().min(1).max(200).optional().meta({ description: "Workflow id or name." }),
  model: z.string().trim().min(1).max(200).optional().meta({ description: "The model the request is for, e.g. gpt-4o or claude-sonnet-4-5-20250929." }),
  provider: z.string().trim().min(1).max(50).optional().meta({ description: "The provider (openai, anthropic, aws-bedrock, ...); inferred from the model when the catalog knows only one." }),
});

export type DialBudget = {
  id: string;
  name: string;
  period: string;
  periodLabel: string;
  amount: string;
  currency: string;
  actual: string;
  percent: string;
  forecast: string;
  forecastPercent: string;
  policy: { downgradeAtPercent: number | null; blockAtPercent: number | null };
  decision: DialDecision;
  reason: string;
};

export type DialAnswer = {
  decision: DialDecision;
  /** With "downgrade": the model to route to instead. */
  downgradeTo: string | null;
  team: { id: string; name: string } | null;
  workflow: { id: string; name: string } | null;
  model: string | null;
  provider: string | null;
  budgets: DialBudget[];
  evaluatedAt: string;
};

type Standings = Awaited<ReturnType<typeof standingsOf>>;
const cache = new LRUCache<string, Promise<Standings>>({ max: 1_000, ttl: 10 * 60_000 });

/** The organization's standings, reused while nothing they depend on has changed. */
async function currentStandings(org: Actor["org"]): Promise<Standings> {
  const { rows } = await pool.query<{ version: string; budgets: string }>(
    `SELECT coalesce((SELECT version::text FROM rollup_version WHERE "orgId" = $1), '0') AS version,
            (SELECT count(*)::text || ':' || coalesce(max("updatedAt")::text, '') FROM budget WHERE "orgId" = $1) AS budgets`,
    [org.id],
  );
  const key = `${org.id}\u0000${rows[0]!.version}\u0000${rows[0]!.budgets}\u0000${localDate(org.timeZone, new Date())}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = standingsOf(org);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

const PROVIDERS_OF = new Map<string, Set<string>>();
for (const price of CATALOG) PROVIDERS_OF.set(price.model, (PROVIDERS_OF.get(price.model) ?? new Set()).add(price.provider));

const RANK: Record<DialDecision, number> = { ok: 0, warn: 1, downgrade: 2, block: 3 };

function find<T extends { id: string; name: string }>(items: readonly T[], wanted: string, what: string): T {
  const found = items.find((item) => item.id === wanted) ?? items.find((item) => item.name.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new AppError("not_found", `No ${what} "${wanted}" in this organization.`);
  return found;
}

export async function budgetDial(actor: Actor, input: unknown): Promise<DialAnswer> {
  const query = parseInput(DialQuerySchema, input);
  const managed = grantOf(actor.role, "budgets:read") === "managed";
  authorize(actor, "budgets:read", managed ? [...actor.managedTeamIds] : undefined);
  const { context, standings } = await currentStandings(actor.org);

  const workflows = [...context.workflowNames].map(([id, name]) => ({ id, name, teamId: context.workflowTeams.get(id) ?? null }));
  const workflow = query.workflow ? find(workflows, query.workflow, "workflow") : null;
  const team = query.team ? find(context.teams, query.team, "team") : workflow?.teamId ? (context.teams.find((item) => item.id === workflow.teamId) ?? null) : null;
  if (managed && !(team && actor.managedTeamIds.has(team.id))) throw new AppError("forbidden", "Managers ask about the teams they manage.");
  // Their own team with another team's workflow would answer with that workflow's budgets (the authorization matrix).
  if (managed && workflow && !(workflow.teamId && actor.managedTeamIds.has(workflow.teamId))) {
    throw new AppError("forbidden", "Managers ask about the workflows of the teams they manage.");
  }
  const model = query.model ? normalizeModelId(query.model) : null;
  const catalogProviders = model ? PROVIDERS_OF.get(baseModel(model)) : undefined;
  const provider = query.provider ?? (catalogProviders?.size === 1 ? [...catalogProviders][0]! : null);

  const applies = (budget: Standings["standings"][number]["budget"]) => {
    if (budget.teamId && !(team && descendantTeamIds([budget.teamId], context.teams).has(team.id))) return false;
    if (budget.workflowId && budget.workflowId !== workflow?.id) return false;
    if (budget.provider && budget.provider !== provider) return false;
    if (budget.model && !(model && baseModel(budget.model) === baseModel(model))) return false;
    return true;
  };

  const downgradeTo = model ? cheaperModel(model) : null;
  const budgets: DialBudget[] = standings
    .filter(({ budget }) => applies(budget))
    .map(({ budget, view, range }) => {
      const percent = new Decimal(view.current.percent);
      let decision: DialDecision = "ok";
      let reason = "Within budget.";
      if (budget.blockAtPercent !== null && percent.gte(budget.blockAtPercent)) {
        decision = "block";
        reason = `At ${view.current.percent} % of the budget; the policy blocks at ${budget.blockAtPercent} %.`;
      } else if (budget.downgradeAtPercent !== null && percent.gte(budget.downgradeAtPercent)) {
        decision = downgradeTo ? "downgrade" : "warn";
        reason = downgradeTo
          ? `At ${view.current.percent} % of the budget; the policy routes to a cheaper model from ${budget.downgradeAtPercent} %.`
          : `At ${view.current.percent} % of the budget, past the policy's downgrade at ${budget.downgradeAtPercent} %, but ${model ? `${model} has no cheaper model in its family` : "the request names no model"}.`;
      } else if (view.current.thresholdsCrossed.length) {
        decision = "warn";
        reason = `At ${view.current.percent} % of the budget, past its ${view.current.thresholdsCrossed.at(-1)} % threshold.`;
      } else if (new Decimal(view.forecast.value).gt(view.amount)) {
        decision = "warn";
        reason = `Forecast to reach ${view.forecast.percent} % of the budget by the period's end.`;
      }
      return {
        id: budget.id,
        name: budget.name,
        period: view.period,
        periodLabel: range.label,
        amount: view.amount,
        currency: view.currency,
        actual: view.current.actual,
        percent: view.current.percent,
        forecast: view.forecast.value,
        forecastPercent: view.forecast.percent,
        policy: view.policy,
        decision,
        reason,
      };
    });
  const decision = budgets.reduce<DialDecision>((strictest, budget) => (RANK[budget.decision] > RANK[strictest] ? budget.decision : strictest), "ok");
  return {
    decision,
    downgradeTo: decision === "downgrade" ? downgradeTo : null,
    team: team ? { id: team.id, name: team.name } : null,
    workflow: workflow ? { id: workflow.id, name: workflow.name } : null,
    model,
    provider,
    budgets,
    evaluatedAt: new Date().toISOString(),
  };
}
