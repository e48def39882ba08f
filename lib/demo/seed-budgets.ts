import "server-only";
import Decimal from "decimal.js";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { standingsOf } from "@/lib/budgets/budgets";
import type { BudgetPeriod } from "@/lib/budgets/periods";
import { db } from "@/lib/db";

// Acme Corp's budgets, sized from its own spend the first time they are created so that they tell the stories the
// product is for: comfortable ones, Customer Support at 92 % of its month, Search & Discovery projected to overrun, and
// (with the demo usage's spike two days ago, lib/demo/seed-usage.ts DEMO_ANOMALY) Legal's anomaly day. Then the
// alerts these produce are evaluated, as the app would after an import. Existing budgets are left as they are:
// re-seeding does not move anyone's budget.

type Plan = { name: string; team: string | null; period: BudgetPeriod; note: string; size: (actual: Decimal, forecast: Decimal) => Decimal; policy?: { downgradeAtPercent?: number; blockAtPercent?: number } };

const roundUp = (value: Decimal, step: number) => value.dividedBy(step).ceil().times(step);

const PLANS: Plan[] = [
  { name: "Engineering monthly", team: "Engineering", period: "monthly", note: "Includes Platform and Search & Discovery.", size: (_actual, forecast) => roundUp(forecast.times(1.6), 500) },
  {
    name: "Customer Support monthly",
    team: "Customer Support",
    period: "monthly",
    note: "Support copilot, triage and the knowledge base. Gateway routes to cheaper models above 95 %.",
    // 92 % of the budget spent: the manager opens it to see why.
    size: (actual) => actual.dividedBy("0.92").toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
    policy: { downgradeAtPercent: 95, blockAtPercent: 125 },
  },
  {
    name: "Search & Discovery quarterly",
    team: "Search & Discovery",
    period: "quarterly",
    note: "Query rewriting volume keeps growing with traffic.",
    // Below the forecast: projected to overrun before the quarter ends.
    size: (actual, forecast) => Decimal.max(actual.times(1.1), forecast.dividedBy("1.15")).toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
  },
  { name: "Marketing monthly", team: "Marketing", period: "monthly", note: "Campaign season budget.", size: (_actual, forecast) => roundUp(forecast.times(1.3), 100) },
  { name: "Legal monthly", team: "Legal", period: "monthly", note: "Contract review moved to Sonnet in spring.", size: (_actual, forecast) => roundUp(forecast.times(1.5), 100) },
  { name: "Acme AI spend yearly", team: null, period: "yearly", note: "The board-approved AI budget for the year.", size: (_actual, forecast) => roundUp(forecast.times(1.2), 10_000) },
];

export async function seedDemoBudgets(orgId: string, teamIds: ReadonlyMap<string, string>, ownerUserId: string | null, log: (line: string) => void): Promise<void> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, currency: true, timeZone: true } });
  const existing = new Set((await db.budget.findMany({ where: { orgId }, select: { name: true } })).map((budget) => budget.name));
  const missing = PLANS.filter((plan) => !existing.has(plan.name));
  if (missing.length) {
    // Created with a placeholder amount, then sized from where each stands now (its actual and forecast).
    for (const plan of missing) {
      await db.budget.create({
        data: { orgId, name: plan.name, period: plan.period, amount: "1000000000", currency: org.currency, thresholds: [50, 80, 100], teamId: plan.team ? teamIds.get(plan.team)! : null, note: plan.note, ownerUserId, ...plan.policy },
      });
    }
    const { standings } = await standingsOf(org);
    for (const { budget, view } of standings) {
      const plan = missing.find((candidate) => candidate.name === budget.name);
      if (!plan) continue;
      const actual = new Decimal(view.current.actual);
      const amount = Decimal.max(plan.size(actual, new Decimal(view.forecast.value)), "100");
      await db.budget.update({ where: { id: budget.id }, data: { amount: amount.toFixed(2) } });
    }
    log(`demo budgets: ${missing.length} created`);
  }
  const alerts = await evaluateAlerts(orgId);
  log(`demo alerts: ${alerts.length} new`);
}
