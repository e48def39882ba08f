import "server-only";
import Decimal from "decimal.js";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { runExplore, sharingReads, spendScope } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import type { Metric } from "@/lib/analytics/schemas";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { summarizeOutcomes, type DayFigures } from "@/lib/outcomes/math";
import {
  describeRowErrors,
  parseOutcomesCsv,
  parseOutcomesJson,
  toItemErrors,
  toRowErrors,
  type LocatedOutcome,
  type OutcomeProblem,
} from "@/lib/outcomes/parse-outcomes";
import { OutcomeQuerySchema, type OutcomeRecord, type OutcomeReport, type OutcomeSource, type OutcomeWriteResult, type WorkflowOutcomes } from "@/lib/outcomes/schemas";
import { grantOf } from "@/lib/permissions";
import { pool } from "@/lib/pg";

// Outcomes (issue 8): counts per workflow, day and kind, written by the API or a CSV, and the report that puts
// them beside the ledger's spend, requests and tokens of the same workflow: cost per outcome over time, and whether
// more tokens per request bought more outcomes. A count is keyed by (organization, workflow, day, kind): sending it
// again replaces it, so a retried request never counts twice.

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

export type OutcomeRow = { workflowId: string; day: string; kind: string; count: string };

/**
 * The one set-based upsert every write goes through: one statement (so one transaction) however many rows, and a
 * count that did not change is left alone. Unsafe: it checks nothing, so callers authorize first; the demo seed
 * calls it directly because it runs without a signed-in member.
 */
export async function unsafeUpsertOutcomes(orgId: string, rows: readonly OutcomeRow[], source: OutcomeSource): Promise<{ created: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const { rows: result } = await pool.query<{ created: string; updated: string }>(
    `WITH written AS (
       INSERT INTO outcome ("orgId", "workflowId", day, kind, count, source, "createdAt", "updatedAt")
       SELECT $1, input."workflowId", input.day, input.kind, input.count, $6, now(), now()
       FROM unnest($2::text[], $3::date[], $4::text[], $5::numeric[]) AS input("workflowId", day, kind, count)
       ON CONFLICT ("orgId", "workflowId", day, kind) DO UPDATE SET count = EXCLUDED.count, source = EXCLUDED.source, "updatedAt" = now()
         WHERE outcome.count IS DISTINCT FROM EXCLUDED.count
       RETURNING (xmax = 0) AS created
     )
     SELECT (count(*) FILTER (WHERE created))::text AS created, (count(*) FILTER (WHERE NOT created))::text AS updated FROM written`,
    [orgId, rows.map((row) => row.workflowId), rows.map((row) => row.day), rows.map((row) => row.kind), rows.map((row) => row.count), source],
  );
  const created = Number(result[0]!.created);
  const updated = Number(result[0]!.updated);
  return { created, updated, unchanged: rows.length - created - updated };
}

/** Workflow names and ids to rows: an unknown workflow, or the same workflow, day and kind twice, is a problem. */
async function resolveWorkflows(actor: Actor, outcomes: readonly LocatedOutcome[], unit: "item" | "row") {
  const workflows = await db.workflow.findMany({ where: { orgId: actor.org.id }, select: { id: true, name: true } });
  const ids = new Set(workflows.map((workflow) => workflow.id));
  const byName = new Map(workflows.map((workflow) => [workflow.name.toLowerCase(), workflow.id]));
  const rows: OutcomeRow[] = [];
  const problems: OutcomeProblem[] = [];
  const seen = new Map<string, number>();
  for (const outcome of outcomes) {
    const workflowId = ids.has(outcome.workflow) ? outcome.workflow : byName.get(outcome.workflow.toLowerCase());
    if (!workflowId) {
      problems.push({ at: outcome.at, field: "workflow", value: outcome.workflow, reason: `names no workflow of this organization ("${outcome.workflow}")` });
      continue;
    }
    // One statement cannot upsert a key twice, and two counts for one key are a mistake worth naming.
    const key = `${workflowId}\u0000${outcome.day}\u0000${outcome.kind}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ at: outcome.at, field: null, value: null, reason: `repeats ${unit} ${first} (the same workflow, day and kind): send each count once` });
      continue;
    }
    seen.set(key, outcome.at);
    rows.push({ workflowId, day: outcome.day, kind: outcome.kind, count: outcome.count });
  }
  return { rows, problems };
}

const byPosition = (a: OutcomeProblem, b: OutcomeProblem) => a.at - b.at;

/**
 * A JSON array of outcomes (POST /api/v1/outcomes). Each item is checked on its own: valid items are written even
 * when others fail (as the usage push API does), and each failure names its index, field and reason.
 */
export async function recordOutcomes(actor: Actor, input: unknown, source: OutcomeSource = "api"): Promise<OutcomeWriteResult> {
  authorize(actor, "outcomes:write");
  const parsed = parseOutcomesJson(input, { today: orgToday(actor.org.timeZone) });
  if (parsed.problems.some((problem) => problem.at === -1)) {
    throw new AppError("validation_failed", parsed.problems[0]!.reason, { errors: toItemErrors(parsed.problems) });
  }
  const { rows, problems } = await resolveWorkflows(actor, parsed.outcomes, "item");
  const errors = toItemErrors([...parsed.problems, ...problems].sort(byPosition));
  if (rows.length === 0) throw new AppError("validation_failed", `None of the ${plural(parsed.received, "outcome")} is valid; nothing was written.`, { errors });
  const written = await unsafeUpsertOutcomes(actor.org.id, rows, source);
  return { received: parsed.received, accepted: rows.length, ...written, rejected: new Set(errors.map((error) => error.index)).size, errors };
}

/**
 * A CSV of outcomes (header day,workflow,kind,count), strictly: any bad row (named by row number and column)
 * and nothing is written, as an upload in strict mode.
 */
export async function recordOutcomesCsv(actor: Actor, text: string): Promise<OutcomeWriteResult> {
  authorize(actor, "outcomes:write");
  const parsed = parseOutcomesCsv(text, { today: orgToday(actor.org.timeZone) });
  const resolved = parsed.problems.some((problem) => problem.at === 0) ? { rows: [], problems: [] } : await resolveWorkflows(actor, parsed.outcomes, "row");
  const problems = [...parsed.problems, ...resolved.problems].sort(byPosition);
  if (problems.length) {
    const errors = toRowErrors(problems);
    const bad = new Set(problems.map((problem) => problem.at)).size;
    const summary = problems[0]!.at === 0 ? "The file cannot be read; nothing was written." : `${plural(bad, "row")} of ${plural(parsed.received, "row")} ${bad === 1 ? "is" : "are"} not valid; nothing was written.`;
    throw new AppError("validation_failed", `${summary} ${describeRowErrors(errors)}`, { errors });
  }
  const written = await unsafeUpsertOutcomes(actor.org.id, resolved.rows, "upload");
  return { received: parsed.received, accepted: resolved.rows.length, ...written, rejected: 0, errors: [] };
}

/** The teams whose workflows the actor may see outcomes of; null: every workflow. */
function outcomeTeams(actor: Actor): string[] | null {
  if (grantOf(actor.role, "outcomes:read") !== "managed") {
    authorize(actor, "outcomes:read");
    return null;
  }
  // A manager of no team may read nothing (authorize refuses "no team").
  authorize(actor, "outcomes:read", actor.managedTeamIds.size ? [...actor.managedTeamIds] : [null]);
  return [...actor.managedTeamIds];
}

/** The workflows the actor may see (one, when asked for); another team's or tenant's workflow is not found. */
async function readableWorkflows(actor: Actor, workflowId?: string) {
  const teams = outcomeTeams(actor);
  const workflows = await db.workflow.findMany({
    where: { orgId: actor.org.id, ...(teams ? { teamId: { in: teams } } : {}), ...(workflowId ? { id: workflowId } : {}) },
    select: { id: true, name: true, teamId: true },
    orderBy: { name: "asc" },
  });
  if (workflowId && workflows.length === 0) throw AppError.notFound("Workflow");
  return workflows;
}

/** The query's range: `to` defaults to the organization's today, `from` to 29 days before `to`. */
function rangeOf(actor: Actor, input: unknown) {
  const query = parseInput(OutcomeQuerySchema, input ?? {});
  const to = query.to ?? orgToday(actor.org.timeZone);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw new AppError("validation_failed", "from must not be after to.", { fieldErrors: { to: ["from must not be after to."] } });
  return { ...query, from, to };
}

const LIST_LIMIT = 20_000;

/** The stored counts over a range (at most 20,000, oldest first). */
export async function listOutcomes(actor: Actor, input: { from?: string; to?: string; workflowId?: string } = {}): Promise<{ outcomes: OutcomeRecord[]; truncated: boolean }> {
  const { from, to } = rangeOf(actor, { from: input.from, to: input.to });
  const workflows = await readableWorkflows(actor, input.workflowId);
  const names = new Map(workflows.map((workflow) => [workflow.id, workflow.name]));
  const rows = await db.outcome.findMany({
    where: { orgId: actor.org.id, workflowId: { in: [...names.keys()] }, day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    orderBy: [{ day: "asc" }, { workflowId: "asc" }, { kind: "asc" }],
    take: LIST_LIMIT + 1,
  });
  return {
    outcomes: rows.slice(0, LIST_LIMIT).map((row) => ({
      workflowId: row.workflowId,
      workflowName: names.get(row.workflowId)!,
      day: row.day.toISOString().slice(0, 10),
      kind: row.kind,
      count: row.count.toFixed(),
      source: row.source as OutcomeSource,
      updatedAt: row.updatedAt.toISOString(),
    })),
    truncated: rows.length > LIST_LIMIT,
  };
}

const LEDGER_METRICS = ["effective", "requests", "tokens"] as const satisfies readonly Metric[];

/**
 * Per workflow with outcomes in the range: spend (effective, in the reporting currency), requests and tokens from
 * the ledger beside the outcome counts, bucket by bucket, and the verdict. Spend is the explorer's, in the same
 * scope a manager sees there (spendScope), so the figures agree with the explorer's to the cent.
 */
export async function outcomeReport(actor: Actor, input: { from?: string; to?: string; granularity?: string; workflowId?: string } = {}): Promise<OutcomeReport> {
  const { from, to, granularity } = rangeOf(actor, { from: input.from, to: input.to, granularity: input.granularity });
  const workflows = await readableWorkflows(actor, input.workflowId);
  const scope = spendScope(actor);
  const counts = await db.outcome.findMany({
    where: { orgId: actor.org.id, workflowId: { in: workflows.map((workflow) => workflow.id) }, day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    select: { workflowId: true, day: true, kind: true, count: true },
  });
  const withOutcomes = workflows.filter((workflow) => counts.some((count) => count.workflowId === workflow.id));
  if (withOutcomes.length === 0) return { from, to, granularity, currency: actor.org.currency, workflows: [] };

  // The three metrics are the same grouped sums: inside sharingReads they are read once.
  const query = { from, to, groupBy: ["workflow" as const], filters: { workflow: withOutcomes.map((workflow) => workflow.id) }, granularity: "day" as const, compare: false };
  const [spend, requests, tokens] = await sharingReads(() => Promise.all(LEDGER_METRICS.map((metric) => runExplore(actor.org, scope, { ...query, metric }))));

  const days = new Map<string, Map<string, DayFigures>>(withOutcomes.map((workflow) => [workflow.id, new Map()]));
  const dayOf = (workflowId: string, day: string) => {
    const byDay = days.get(workflowId)!;
    let figures = byDay.get(day);
    if (!figures) byDay.set(day, (figures = { day, spend: "0", requests: "0", tokens: "0", outcomes: {} }));
    return figures;
  };
  for (const [field, result] of [["spend", spend], ["requests", requests], ["tokens", tokens]] as const) {
    for (const bucket of result!.buckets) {
      for (const [workflowId, value] of Object.entries(bucket.values)) if (days.has(workflowId)) dayOf(workflowId, bucket.start)[field] = value;
    }
  }
  for (const count of counts) dayOf(count.workflowId, count.day.toISOString().slice(0, 10)).outcomes[count.kind] = count.count.toFixed();

  const report: WorkflowOutcomes[] = withOutcomes.map((workflow) => {
    const workflowDays = [...days.get(workflow.id)!.values()];
    const kinds = [...new Set(workflowDays.flatMap((day) => Object.keys(day.outcomes)))].sort();
    return { workflow, kinds, ...summarizeOutcomes({ from, to, granularity }, workflowDays) };
  });
  report.sort((a, b) => new Decimal(b.totals.spend).comparedTo(a.totals.spend) || a.workflow.name.localeCompare(b.workflow.name));
  return { from, to, granularity, currency: actor.org.currency, workflows: report };
}
