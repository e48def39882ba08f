import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { explore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listOutcomes, outcomeReport, recordOutcomes, recordOutcomesCsv } from "@/lib/outcomes/outcomes";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";

const DAY_MS = 86_400_000;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const cents = (value: string | null) => (value === null ? null : new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));

/** The AppError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** An organization with a workflow of the Support team (managed) and one of Legal (not), and a second organization. */
async function seed() {
  const context = await createOrgWithPeople();
  const { org, teams } = context;
  const support = await db.workflow.create({ data: { orgId: org.id, name: "Support copilot", teamId: teams.managedTeam.id } });
  const clauses = await db.workflow.create({ data: { orgId: org.id, name: "Clauses", teamId: teams.otherTeam.id } });
  const other = await createOrgWithPeople();
  const secret = await db.workflow.create({ data: { orgId: other.org.id, name: "Secret flow" } });
  return { ...context, support, clauses, other, secret, today: orgToday(org.timeZone) };
}

const stored = (orgId: string) =>
  db.outcome.findMany({ where: { orgId }, orderBy: [{ day: "asc" }, { kind: "asc" }], select: { workflowId: true, kind: true, count: true, source: true } }).then((rows) =>
    rows.map((row) => ({ ...row, count: row.count.toFixed() })),
  );

describe("outcomes", () => {
  it("upserts JSON counts: a retry never counts twice, a resend replaces, and each bad item is reported by index", async () => {
    const { actors, org, support, clauses, secret, today } = await seed();
    const body = [
      { workflow: "support COPILOT", day: shift(today, -2), kind: "Tickets resolved", count: 412 },
      { workflow: clauses.id, day: shift(today, -2), kind: "documents reviewed", count: "12.5" },
      { workflow: "Secret flow", day: shift(today, -2), kind: "x", count: 1 },
      { workflow: secret.id, day: shift(today, -2), kind: "x", count: 1 },
      { workflow: "Support copilot", day: shift(today, -2), kind: "tickets resolved", count: 5 },
      { workflow: "Clauses", day: shift(today, -1), kind: "documents reviewed", count: -3 },
    ];
    const first = await recordOutcomes(actors.finance, body);
    expect(first).toEqual({
      received: 6,
      accepted: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 4,
      errors: [
        { index: 2, field: "workflow", reason: 'names no workflow of this organization ("Secret flow")' },
        { index: 3, field: "workflow", reason: `names no workflow of this organization ("${secret.id}")` },
        { index: 4, field: null, reason: "repeats item 0 (the same workflow, day and kind): send each count once" },
        { index: 5, field: "count", reason: "must be a number ≥ 0 with at most 4 decimals" },
      ],
    });
    const expected = [
      { workflowId: clauses.id, kind: "documents reviewed", count: "12.5", source: "api" },
      { workflowId: support.id, kind: "tickets resolved", count: "412", source: "api" },
    ];
    expect(await stored(org.id)).toEqual(expected);

    // The client retries the same request: nothing is added.
    const retry = await recordOutcomes(actors.admin, body.slice(0, 2));
    expect(retry).toMatchObject({ received: 2, accepted: 2, created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(await stored(org.id)).toEqual(expected);

    // A corrected count replaces the old one.
    const corrected = await recordOutcomes(actors.admin, [{ workflow: "Support copilot", day: shift(today, -2), kind: "tickets resolved", count: "415.25" }]);
    expect(corrected).toMatchObject({ accepted: 1, created: 0, updated: 1, unchanged: 0 });
    expect((await stored(org.id))[1]!.count).toBe("415.25");

    // Nothing valid at all, or not an array: a 400 and nothing written.
    const none = await failure(recordOutcomes(actors.admin, [body[2]]));
    expect(none.code).toBe("validation_failed");
    expect(none.message).toBe("None of the 1 outcome is valid; nothing was written.");
    expect(await errorCode(recordOutcomes(actors.admin, { workflow: "x" }))).toBe("validation_failed");
    expect(await stored(org.id)).toHaveLength(2);
  });

  it("lets admins and finance write outcomes, and nobody else", async () => {
    const { actors, other } = await seed();
    const one = [{ workflow: "Support copilot", day: "2026-01-05", kind: "tickets resolved", count: 1 }];
    expect(await errorCode(recordOutcomes(actors.manager, one))).toBe("forbidden");
    expect(await errorCode(recordOutcomesCsv(actors.manager, "day,workflow,kind,count\n2026-01-05,Support copilot,a,1\n"))).toBe("forbidden");
    expect(await errorCode(recordOutcomes(actors.finance, one))).toBeNull();
    // The other organization's admin does not see this one's workflow.
    const elsewhere = await failure(recordOutcomes(other.actors.admin, one));
    expect(elsewhere.details).toEqual({ errors: [{ index: 0, field: "workflow", reason: 'names no workflow of this organization ("Support copilot")' }] });
  });

  it("reads a CSV strictly: every bad row named by row and column, and nothing written unless all are valid", async () => {
    const { actors, org, support, today } = await seed();
    const day = shift(today, -3);
    const bad = [
      "Day,Workflow,Kind,Count",
      `${day},Support copilot,tickets resolved,40`,
      `${day},Secret flow,tickets resolved,3`,
      `${day},Clauses,documents reviewed,1.23456`,
      `${shift(today, 5)},Clauses,documents reviewed,1`,
      `${day},support copilot,Tickets Resolved,41`,
    ].join("\n");
    const error = await failure(recordOutcomesCsv(actors.admin, bad));
    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual({
      errors: [
        { rowNumber: 2, column: "workflow", value: "Secret flow", reason: 'names no workflow of this organization ("Secret flow")' },
        { rowNumber: 3, column: "count", value: "1.23456", reason: "must be a number ≥ 0 with at most 4 decimals" },
        { rowNumber: 4, column: "day", value: shift(today, 5), reason: `is in the future (the latest day accepted now is ${shift(today, 1)})` },
        { rowNumber: 5, column: null, value: null, reason: "repeats row 1 (the same workflow, day and kind): send each count once" },
      ],
    });
    expect(error.message).toMatch(/^4 rows of 5 rows are not valid; nothing was written\. Row 2, workflow: names no workflow/);
    expect(await stored(org.id)).toEqual([]);
    expect((await failure(recordOutcomesCsv(actors.admin, "day,workflow,count\n"))).message).toMatch(/has no kind column/);

    const good = `day,workflow,kind,count\n${day},Support copilot,tickets resolved,40\n${day},Support copilot,escalations avoided,2\n`;
    expect(await recordOutcomesCsv(actors.finance, good)).toEqual({ received: 2, accepted: 2, created: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await recordOutcomesCsv(actors.finance, good)).toMatchObject({ accepted: 2, created: 0, unchanged: 2 });
    expect(await stored(org.id)).toEqual([
      { workflowId: support.id, kind: "escalations avoided", count: "2", source: "upload" },
      { workflowId: support.id, kind: "tickets resolved", count: "40", source: "upload" },
    ]);
  });

  it("reports cost per outcome to the cent from the ledger's spend, and whether more tokens bought more outcomes", async () => {
    const { actors, support, clauses, today } = await seed();
    const from = shift(today, -14);
    const to = shift(today, -1);
    // Fourteen days of Support copilot: 100 requests a day at 2,000 tokens each, then 2,760; $3.10 a day, then $4.30.
    // Outcomes: 20 tickets a day, then 20.4. Clauses (Legal) has one day of each.
    const events = [];
    const outcomes = [];
    for (let index = 0; index < 14; index++) {
      const day = shift(from, index);
      const late = index >= 7;
      events.push({ eventId: `s${index}`, timestamp: `${day}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: late ? 276_000 : 200_000, requests: 100, cost: late ? "4.30" : "3.10", workflow: "Support copilot" });
      outcomes.push({ workflow: "Support copilot", day, kind: "tickets resolved", count: late ? "20.4" : "20" });
    }
    events.push({ eventId: "c0", timestamp: `${to}T12:00:00Z`, provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 10_000, requests: 3, cost: "1.00", workflow: "Clauses" });
    outcomes.push({ workflow: "Clauses", day: to, kind: "documents reviewed", count: 3 });
    // Usage that names no workflow, and a workflow without outcomes, stay out of the report.
    events.push({ eventId: "n0", timestamp: `${to}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1_000, cost: "50" });
    expect((await pushUsageEvents(actors.admin, events)).errors).toEqual([]);
    expect((await recordOutcomes(actors.admin, outcomes)).accepted).toBe(15);

    const report = await outcomeReport(actors.finance, { from, to });
    expect(report).toMatchObject({ from, to, granularity: "day", currency: "USD" });
    expect(report.workflows.map((entry) => entry.workflow.name)).toEqual(["Support copilot", "Clauses"]);
    const copilot = report.workflows[0]!;
    // 7 × $3.10 + 7 × $4.30 = $51.80 for 7 × 20 + 7 × 20.4 = 282.8 tickets: $0.183168… a ticket.
    expect(copilot.totals).toMatchObject({ spend: "51.8", requests: "1400", tokens: "3332000", outcomes: "282.8", byKind: { "tickets resolved": "282.8" } });
    expect(copilot.totals.costPerOutcome).toBe("0.183168");
    expect(cents(copilot.totals.costPerOutcome)).toBe("0.18");
    expect(copilot.buckets).toHaveLength(14);
    expect(copilot.buckets[0]).toMatchObject({ start: from, spend: "3.1", outcomes: "20", costPerOutcome: "0.155", tokensPerRequest: "2000", outcomeRate: "0.2" });
    // $4.30 / 20.4 = $0.210784…
    expect(copilot.buckets[13]).toMatchObject({ start: to, spend: "4.3", outcomes: "20.4", costPerOutcome: "0.210784", tokensPerRequest: "2760", outcomeRate: "0.204" });
    expect(copilot.verdict).toMatchObject({
      kind: "more_tokens_little_gain",
      sentence: "Tokens per request rose 38 % while outcomes per request rose 2 %: the extra context bought little.",
      days: 14,
      tokensPerRequestChange: "38",
      outcomeRateChange: "2",
    });
    // The same spend the explorer shows for the workflow.
    const explorer = await explore(actors.finance, { from, to, filters: { workflow: [support.id] }, compare: false });
    expect(explorer.total.value).toBe(copilot.totals.spend);

    const legal = report.workflows[1]!;
    expect(legal.totals).toMatchObject({ spend: "1", outcomes: "3", costPerOutcome: "0.333333", byKind: { "documents reviewed": "3" } });
    expect(legal.verdict.sentence).toBe("Not enough data (under 7 days with both usage and outcomes).");

    // Weeks: the buckets add up to the same totals.
    const weekly = await outcomeReport(actors.admin, { from, to, granularity: "week" });
    const weeks = weekly.workflows[0]!.buckets;
    expect(weeks.length).toBeGreaterThanOrEqual(2);
    expect(weeks.reduce((total, week) => total.plus(week.spend), new Decimal(0)).toFixed()).toBe("51.8");
    expect(weeks.reduce((total, week) => total.plus(week.outcomes), new Decimal(0)).toFixed()).toBe("282.8");

    // The manager of Support sees Support copilot only, with the same figures; Legal's workflow is not found.
    const managed = await outcomeReport(actors.manager, { from, to });
    expect(managed.workflows.map((entry) => entry.workflow.id)).toEqual([support.id]);
    expect(managed.workflows[0]!.totals).toEqual(copilot.totals);
    expect(await errorCode(outcomeReport(actors.manager, { from, to, workflowId: clauses.id }))).toBe("not_found");
    const listed = await listOutcomes(actors.manager, { from, to });
    expect(listed.outcomes).toHaveLength(14);
    expect(new Set(listed.outcomes.map((entry) => entry.workflowName))).toEqual(new Set(["Support copilot"]));
    expect((await listOutcomes(actors.finance, { from, to, workflowId: clauses.id })).outcomes).toEqual([
      expect.objectContaining({ workflowName: "Clauses", day: to, kind: "documents reviewed", count: "3", source: "api" }),
    ]);
  });
});
