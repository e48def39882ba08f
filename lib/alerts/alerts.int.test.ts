import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { acknowledgeAlert, listAlerts } from "@/lib/alerts/alerts";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { createBudget, updateBudget } from "@/lib/budgets/budgets";
import { addDays, daysBetween } from "@/lib/budgets/periods";
import { db } from "@/lib/db";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";

// A fixed "now" (a Wednesday in mid-June): evaluations and the usage around it do not depend on the day tests run.
const NOW = new Date("2026-06-17T12:00:00Z");
const TODAY = "2026-06-17";

type Event = Record<string, string | number>;
/** gpt-4o at $2.50 per million input tokens: `dollars` of spend is dollars × 400,000 input tokens. */
const spend = (id: string, day: string, dollars: string, team: string | null, model = "gpt-4o"): Event => ({
  eventId: id,
  timestamp: `${day}T12:00:00Z`,
  provider: "openai",
  model,
  inputTokens: new Decimal(dollars).times(400_000).toNumber(),
  outputTokens: 0,
  ...(team ? { team } : {}),
});

async function push(context: Awaited<ReturnType<typeof createOrgWithPeople>>, events: Event[]) {
  const result = await pushUsageEvents(context.actors.admin, events);
  expect(result.errors ?? []).toEqual([]);
}

const alertsOf = (orgId: string, kind?: string) => db.alert.findMany({ where: { orgId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });

describe("budget alerts", () => {
  it("fires the highest threshold crossed once, even when two evaluations run at the same time", async () => {
    const context = await createOrgWithPeople();
    const { org, actors, teams } = context;
    await push(context, [spend("a", TODAY, "25", "Support")]);
    const budget = await createBudget(actors.finance, { name: "Support", period: "monthly", amount: "29", teamId: teams.managedTeam.id });

    // 25 of 29 is 86.21 %: one jump over 50 and 80 is one alert, for 80. Evaluations racing record it once.
    const [first, second] = await Promise.all([evaluateAlerts(org.id, { now: NOW }), evaluateAlerts(org.id, { now: NOW })]);
    const thresholds = await alertsOf(org.id, "threshold");
    expect(thresholds.map((alert) => alert.threshold)).toEqual([80]);
    expect([...first, ...second].filter((id) => id === thresholds[0]!.id)).toHaveLength(1);
    expect(thresholds[0]).toMatchObject({ budgetId: budget.id, severity: "warning", periodFrom: new Date("2026-06-01"), periodTo: new Date("2026-06-30") });
    expect(thresholds[0]!.figures).toMatchObject({ actual: "25.00", amount: "29.00", percent: "86.21", currency: "USD" });
    expect(thresholds[0]!.message).toContain("$25.00 spent of $29.00 (86.21 %)");
    expect(thresholds[0]!.link).toContain(`filter=team%3A${teams.managedTeam.id}`);
    // Projected past the amount (a run rate: no history before today) while under 100 %: the forecast alert, once.
    expect((await alertsOf(org.id, "forecast")).map((alert) => alert.figures)).toEqual([expect.objectContaining({ forecast: "44.12" })]);

    // Evaluating again finds nothing new.
    expect(await evaluateAlerts(org.id, { now: NOW })).toEqual([]);

    // More spend: 100 % fires (critical); 80 does not fire again.
    await push(context, [spend("b", TODAY, "5", "Support Tier 1")]);
    await evaluateAlerts(org.id, { now: NOW });
    expect((await alertsOf(org.id, "threshold")).map((alert) => [alert.threshold, alert.severity])).toEqual([
      [80, "warning"],
      [100, "critical"],
    ]);
  });

  it("re-arms the thresholds above the new percentage when the budget is raised, and only those", async () => {
    const context = await createOrgWithPeople();
    const { org, actors, teams } = context;
    await push(context, [spend("a", TODAY, "30", "Support")]);
    const budget = await createBudget(actors.finance, { name: "Support", period: "monthly", amount: "35", teamId: teams.managedTeam.id });
    await evaluateAlerts(org.id, { now: NOW });
    expect((await alertsOf(org.id, "threshold")).map((alert) => alert.threshold)).toEqual([80]);

    // Raised to 50: 60 %. The 80 alert is re-armed (kept, marked); 50 was covered by it and stays quiet.
    await updateBudget(actors.finance, budget.id, { amount: "50" }, { now: NOW });
    const [rearmed] = await alertsOf(org.id, "threshold");
    expect(rearmed!.rearmedAt).not.toBeNull();
    expect(rearmed!.rearmedAtPercent?.toString()).toBe("60");
    expect(await evaluateAlerts(org.id, { now: NOW })).toEqual([]);

    // Spend grows to 42 of 50 (84 %): 80 fires again, once.
    await push(context, [spend("b", TODAY, "12", "Support")]);
    await Promise.all([evaluateAlerts(org.id, { now: NOW }), evaluateAlerts(org.id, { now: NOW })]);
    const after = await alertsOf(org.id, "threshold");
    expect(after.map((alert) => [alert.threshold, alert.rearmedAt !== null])).toEqual([
      [80, true],
      [80, false],
    ]);
    const views = await listAlerts(actors.finance, { budgetId: budget.id, kind: "threshold" });
    expect(views.map((view) => view.rearmed)).toEqual([false, true]);
  });

  it("shows managers their teams' alerts only, and acknowledges", async () => {
    const context = await createOrgWithPeople();
    const { org, actors, teams } = context;
    await push(context, [spend("a", TODAY, "20", "Support"), spend("b", TODAY, "20", "Legal")]);
    await createBudget(actors.finance, { name: "Support", period: "monthly", amount: "21", teamId: teams.managedTeam.id });
    await createBudget(actors.finance, { name: "Legal", period: "monthly", amount: "21", teamId: teams.otherTeam.id });
    await createBudget(actors.finance, { name: "All", period: "monthly", amount: "41" });
    await evaluateAlerts(org.id, { now: NOW });

    const all = await listAlerts(actors.finance, { kind: "threshold" });
    expect(all.map((alert) => alert.budgetName).sort()).toEqual(["All", "Legal", "Support"]);
    const mine = await listAlerts(actors.manager, {});
    expect(new Set(mine.map((alert) => alert.budgetName))).toEqual(new Set(["Support"]));
    const legal = all.find((alert) => alert.budgetName === "Legal")!;
    expect(await errorCode(acknowledgeAlert(actors.manager, legal.id))).toBe("not_found");
    const other = await createOrgWithPeople();
    expect(await errorCode(acknowledgeAlert(other.actors.admin, legal.id))).toBe("not_found");
    expect(await listAlerts(other.actors.admin, {})).toEqual([]);

    const acknowledged = await acknowledgeAlert(actors.finance, legal.id);
    expect(acknowledged.status).toBe("acknowledged");
    expect((await listAlerts(actors.finance, { status: "open", kind: "threshold" })).map((alert) => alert.budgetName).sort()).toEqual(["All", "Support"]);
    expect(await db.auditLog.count({ where: { entityId: legal.id, action: "alert.acknowledge" } })).toBe(1);
    expect(await errorCode(listAlerts(actors.finance, { kind: "nonsense" }))).toBe("validation_failed");
  });
});

describe("organization alerts", () => {
  it("finds a team's day far above its baseline and leaves small teams and ordinary days alone", async () => {
    const context = await createOrgWithPeople();
    const { org, teams } = context;
    const history = daysBetween(addDays(TODAY, -27), addDays(TODAY, -1));
    const events: Event[] = [];
    history.forEach((day, index) => {
      events.push(spend(`s${day}`, day, String(40 + ((index * 7) % 11)), "Support"));
      events.push(spend(`l${day}`, day, "3", "Legal"));
    });
    // Yesterday Support spent 300 (about 7× its usual 45): an anomaly. Legal went from 3 to 60: far above, but under
    // the minimum amount. Today Support is back to normal.
    events.push(spend("spike", addDays(TODAY, -1), "255", "Support"), spend("legal-spike", TODAY, "57", "Legal"), spend("today", TODAY, "44", "Support"));
    await push(context, events);

    await evaluateAlerts(org.id, { now: NOW });
    const anomalies = await alertsOf(org.id, "anomaly");
    expect(anomalies.map((alert) => [alert.teamId, alert.day?.toISOString().slice(0, 10)])).toEqual([[teams.managedTeam.id, addDays(TODAY, -1)]]);
    const [alert] = anomalies;
    const figures = alert!.figures as Record<string, string>;
    expect(figures.actual).toBe(new Decimal(40 + ((26 * 7) % 11)).plus(255).toFixed(2));
    expect(Number(figures.baseline)).toBeGreaterThan(39);
    expect(alert!.link).toContain(`filter=team%3A${teams.managedTeam.id}`);
    expect(await evaluateAlerts(org.id, { now: NOW })).toEqual([]);
  });

  it("tells of unpriced usage once per model, and of a failed import", async () => {
    const context = await createOrgWithPeople();
    const { org, actors } = context;
    await push(context, [spend("a", TODAY, "1", null, "house-model-7"), spend("b", addDays(TODAY, -1), "1", null, "house-model-7")]);
    await db.upload.create({
      data: { orgId: org.id, filename: "costs-june.csv", sizeBytes: 10, contentHash: "x", status: "FAILED", message: "Row 4, column cost: not a number.", errorCount: 1, finishedAt: new Date() },
    });
    await evaluateAlerts(org.id, { now: NOW });
    await evaluateAlerts(org.id, { now: NOW });
    const unpriced = await alertsOf(org.id, "unpriced");
    expect(unpriced.map((alert) => [alert.model, alert.severity, (alert.figures as Record<string, string>).records])).toEqual([["house-model-7", "info", "2"]]);
    const failed = await listAlerts(actors.admin, { kind: "ingest_failed" });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ severity: "critical", title: "Import failed: costs-june.csv" });
    expect(failed[0]!.message).toContain("Row 4, column cost");
    // Managers see neither (no team of theirs).
    expect(await listAlerts(actors.manager, {})).toEqual([]);
  });

  it("tells of a failing sync once a day per connection, however often it fails", async () => {
    const { org, actors } = await createOrgWithPeople();
    const connection = await db.providerConnection.create({ data: { orgId: org.id, provider: "openai", name: "OpenAI prod", keyCiphertext: "x", keyHint: "sk-…x", backfillFrom: new Date("2026-05-01") } });
    const failed = (hoursAgo: number) => ({ orgId: org.id, kind: "connection.sync", connectionId: connection.id, trigger: "schedule", status: "failed", error: "401 from the provider: the admin key was revoked.", finishedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000) });
    await db.jobRun.createMany({ data: [failed(2), failed(1)] });
    await evaluateAlerts(org.id, { now: NOW });
    await db.jobRun.create({ data: failed(0) });
    await evaluateAlerts(org.id, { now: NOW });
    const alerts = await listAlerts(actors.finance, { kind: "sync_failed" });
    expect(alerts.map((alert) => [alert.title, alert.severity, alert.link])).toEqual([["Sync failed: OpenAI prod", "critical", `/connections/${connection.id}`]]);
    expect(alerts[0]!.message).toContain("admin key was revoked");
  });
});
