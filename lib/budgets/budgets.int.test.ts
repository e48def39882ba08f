import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { explore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from "@/lib/budgets/budgets";
import { periodContaining } from "@/lib/budgets/periods";
import { db } from "@/lib/db";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";

const DAY_MS = 86_400_000;

/** Usage of the Support team, its sub-team, Legal and nobody, today and in each of the last three months. */
async function seed() {
  const context = await createOrgWithPeople();
  const { actors, teams, org } = context;
  const today = orgToday(org.timeZone);
  const events = [];
  for (const [index, monthsBack] of [0, 1, 2, 3].entries()) {
    const day = new Date(Date.parse(`${periodContaining(today, "monthly", -monthsBack).from}T12:00:00Z`) + (monthsBack === 0 ? 0 : 3 * DAY_MS)).toISOString();
    events.push(
      { eventId: `s${index}`, timestamp: day, provider: "openai", model: "gpt-4o", inputTokens: 1_000_000 * (index + 1), outputTokens: 100_000, team: "Support" },
      { eventId: `t${index}`, timestamp: day, provider: "openai", model: "gpt-4o-mini", inputTokens: 2_000_000, outputTokens: 0, team: "Support Tier 1" },
      { eventId: `l${index}`, timestamp: day, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 3_000_000, outputTokens: 0, team: "Legal" },
      { eventId: `n${index}`, timestamp: day, provider: "openai", model: "gpt-4o", inputTokens: 500_000, outputTokens: 0 },
    );
  }
  const pushed = await pushUsageEvents(actors.admin, events);
  expect(pushed.errors ?? []).toEqual([]);
  return { ...context, today, teams, actors, org };
}

const cents = (value: string) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

describe("budgets", () => {
  it("computes each period's actual from the ledger, a team's including its sub-teams, and keeps past periods", async () => {
    const { actors, teams, today } = await seed();
    const budget = await createBudget(actors.finance, { name: "Support monthly", period: "monthly", amount: "40", teamId: teams.managedTeam.id });
    expect(budget.thresholds).toEqual([50, 80, 100]);
    expect(budget.currency).toBe("USD");
    expect(budget.history.map((entry) => entry.label)).toEqual(Array.from({ length: 12 }, (_, index) => periodContaining(today, "monthly", index - 12).label));
    for (const [offset, status] of [[0, budget.current], [-1, budget.history.at(-1)!], [-3, budget.history.at(-3)!]] as const) {
      const range = periodContaining(today, "monthly", offset);
      const spend = await explore(actors.finance, { from: range.from, to: range.to < today ? range.to : today, filters: { team: [teams.managedTeam.id, teams.subTeam.id] }, compare: false });
      expect(status.actual, range.label).toBe(cents(spend.total.value));
      expect(new Decimal(status.actual).gt(0)).toBe(true);
      expect(status.percent).toBe(new Decimal(status.actual).dividedBy(40).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    }
    expect(budget.history.at(-5)!.actual).toBe("0.00");
    const percent = new Decimal(budget.current.percent);
    expect(budget.current.thresholdsCrossed).toEqual([50, 80, 100].filter((threshold) => percent.gte(threshold)));
    expect(budget.current.state).toBe(percent.gte(100) ? "over" : percent.gte(50) ? "warning" : "ok");
    expect(budget.current.daysLeft).toBe(Math.round((Date.parse(`${periodContaining(today, "monthly").to}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS));

    // The organization's quarterly budget narrowed to a provider counts every team's and nobody's usage there.
    const quarter = await createBudget(actors.admin, { name: "Anthropic", period: "quarterly", amount: "1000", provider: "anthropic", thresholds: [100, 75] });
    expect(quarter.thresholds).toEqual([75, 100]);
    const range = periodContaining(today, "quarterly");
    const anthropic = await explore(actors.finance, { from: range.from, to: today, filters: { provider: ["anthropic"] }, compare: false });
    expect(quarter.current.actual).toBe(cents(anthropic.total.value));
    expect(quarter.history).toHaveLength(7);

    // Raising the amount changes the percentage, never the actual; every change is audited.
    const raised = await updateBudget(actors.finance, budget.id, { amount: "400" });
    expect(raised.current.actual).toBe(budget.current.actual);
    expect(raised.current.percent).toBe(new Decimal(budget.current.actual).dividedBy(400).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    const audit = await db.auditLog.findMany({ where: { entityId: budget.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["budget.create", "budget.update"]);
    await deleteBudget(actors.admin, budget.id);
    expect(await errorCode(getBudget(actors.admin, budget.id))).toBe("not_found");
  });

  it("lets managers set budgets for their teams and those teams' workflows only", async () => {
    const { actors, teams, org } = await seed();
    const workflow = await db.workflow.create({ data: { orgId: org.id, name: "Tier 1 drafts", teamId: teams.subTeam.id } });
    const legalFlow = await db.workflow.create({ data: { orgId: org.id, name: "Clauses", teamId: teams.otherTeam.id } });
    const own = await createBudget(actors.manager, { name: "Support", period: "monthly", amount: "100", teamId: teams.managedTeam.id });
    await createBudget(actors.manager, { name: "Drafts", period: "yearly", amount: "100", workflowId: workflow.id });
    expect(await errorCode(createBudget(actors.manager, { name: "Legal", period: "monthly", amount: "100", teamId: teams.otherTeam.id }))).toBe("forbidden");
    expect(await errorCode(createBudget(actors.manager, { name: "Clauses", period: "monthly", amount: "100", workflowId: legalFlow.id }))).toBe("forbidden");
    expect(await errorCode(createBudget(actors.manager, { name: "Everything", period: "monthly", amount: "100" }))).toBe("forbidden");
    // Moving an own budget to another team is changing that team's budget.
    expect(await errorCode(updateBudget(actors.manager, own.id, { teamId: teams.otherTeam.id }))).toBe("forbidden");

    const legal = await createBudget(actors.finance, { name: "Legal", period: "monthly", amount: "100", teamId: teams.otherTeam.id });
    const org_wide = await createBudget(actors.finance, { name: "Everything", period: "monthly", amount: "5000" });
    expect((await listBudgets(actors.manager)).map((budget) => budget.name)).toEqual(["Drafts", "Support"]);
    expect((await listBudgets(actors.finance)).map((budget) => budget.name)).toEqual(["Drafts", "Everything", "Legal", "Support"]);
    expect(await errorCode(getBudget(actors.manager, legal.id))).toBe("forbidden");
    expect(await errorCode(updateBudget(actors.manager, org_wide.id, { amount: "1" }))).toBe("forbidden");
    expect(await errorCode(deleteBudget(actors.manager, legal.id))).toBe("forbidden");

    // Another organization's people do not find them at all.
    const other = await createOrgWithPeople();
    expect(await errorCode(getBudget(other.actors.admin, legal.id))).toBe("not_found");
    expect(await errorCode(updateBudget(other.actors.admin, legal.id, { amount: "1" }))).toBe("not_found");
    expect(await errorCode(deleteBudget(other.actors.admin, legal.id))).toBe("not_found");
    expect(await listBudgets(other.actors.admin)).toEqual([]);
    expect(await errorCode(createBudget(other.actors.admin, { name: "Theirs", period: "monthly", amount: "1", teamId: teams.otherTeam.id }))).toBe("validation_failed");
  });

  it("refuses bad input with the field at fault", async () => {
    const { actors } = await seed();
    for (const input of [
      { name: "", period: "monthly", amount: "10" },
      { name: "A", period: "weekly", amount: "10" },
      { name: "A", period: "monthly", amount: "10.001" },
      { name: "A", period: "monthly", amount: "0" },
      { name: "A", period: "monthly", amount: "10", thresholds: [50, 50] },
      { name: "A", period: "monthly", amount: "10", thresholds: [] },
      { name: "A", period: "monthly", amount: "10", currency: "EUR" },
    ]) {
      expect(await errorCode(createBudget(actors.admin, input)), JSON.stringify(input)).toBe("validation_failed");
    }
    await createBudget(actors.admin, { name: "A", period: "monthly", amount: "10" });
    expect(await errorCode(createBudget(actors.admin, { name: "A", period: "monthly", amount: "10" }))).toBe("conflict");
  });
});

describe("a workflow's budget", () => {
  it("counts the workflow's usage whether or not the ledger names its team", async () => {
    const { actors, teams, org } = await seed();
    const workflow = await db.workflow.create({ data: { orgId: org.id, name: "Launch emails", teamId: teams.subTeam.id } });
    const today = orgToday(org.timeZone);
    // A gateway log names the workflow only; a provider export names the team and the workflow.
    const pushed = await pushUsageEvents(actors.admin, [
      { eventId: "w1", timestamp: `${today}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 4_000_000, outputTokens: 0, workflow: "Launch emails" },
      { eventId: "w2", timestamp: `${today}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 2_000_000, outputTokens: 0, workflow: "Launch emails", team: "Support Tier 1" },
    ]);
    expect(pushed.errors ?? []).toEqual([]);
    const alone = await createBudget(actors.manager, { name: "Launch alone", period: "monthly", amount: "100", workflowId: workflow.id });
    const withTeam = await createBudget(actors.manager, { name: "Launch in Support", period: "monthly", amount: "100", teamId: teams.managedTeam.id, workflowId: workflow.id });
    expect(alone.current.actual).toBe("15.00");
    expect(withTeam.current.actual).toBe("15.00");
    // The same workflow under a team it does not belong to would count nothing: refused, saying why.
    expect(await errorCode(createBudget(actors.finance, { name: "Launch in Legal", period: "monthly", amount: "100", teamId: teams.otherTeam.id, workflowId: workflow.id }))).toBe("validation_failed");
    expect(await errorCode(updateBudget(actors.finance, alone.id, { teamId: teams.otherTeam.id }))).toBe("validation_failed");
  });
});
