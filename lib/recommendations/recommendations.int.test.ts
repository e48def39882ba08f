import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { orgToday } from "@/lib/analytics/overview";
import { addDays, daysBetween } from "@/lib/budgets/periods";
import { db } from "@/lib/db";
import { acceptRecommendation, computeRecommendations, dismissRecommendation, listRecommendations, snoozeRecommendation } from "@/lib/recommendations/recommendations";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";

// Ledger patterns that must raise each kind with the exact saving, and near misses that must not.

const NOW = new Date("2026-06-30T12:00:00Z");
const JUNE = daysBetween("2026-06-01", "2026-06-30");

type Day = { requests: number; input: number; cached?: number; output: number };
async function daily(context: Awaited<ReturnType<typeof createOrgWithPeople>>, workflow: string | null, model: string, days: string[], shape: (day: string, index: number) => Day) {
  const events = days.map((day, index) => {
    const { requests, input, cached = 0, output } = shape(day, index);
    return {
      eventId: `${workflow}-${model}-${day}`,
      timestamp: `${day}T12:00:00Z`,
      provider: "openai",
      model,
      requests,
      inputTokens: input,
      cacheReadInputTokens: cached,
      outputTokens: output,
      ...(workflow ? { workflow } : {}),
    };
  });
  const result = await pushUsageEvents(context.actors.admin, events);
  expect(result.errors ?? []).toEqual([]);
}

describe("recommendations", () => {
  it("raises each kind with its exact saving, and nothing for the near misses", async () => {
    const context = await createOrgWithPeople();
    const { org, actors, teams } = context;
    const workflow = (name: string, interactive: boolean | null = null) => db.workflow.create({ data: { orgId: org.id, name, teamId: teams.managedTeam.id, interactive } });
    await Promise.all([workflow("Rewrites"), workflow("Long rewrites"), workflow("Drafts"), workflow("Cached drafts"), workflow("Nightly", false), workflow("Daytime"), workflow("Triage"), workflow("Steady triage")]);

    // Right-size: 1,000 requests a day of 600 input and 120 output tokens on gpt-4.1; the near miss asks 5,000 input
    // (30 % of it cached, so no caching advice either).
    await daily(context, "Rewrites", "gpt-4.1-2025-04-14", JUNE, () => ({ requests: 1_000, input: 600_000, output: 120_000 }));
    await daily(context, "Long rewrites", "gpt-4.1-2025-04-14", JUNE, () => ({ requests: 1_000, input: 5_000_000, cached: 1_500_000, output: 120_000 }));
    // Prompt caching: 2,500 input tokens per request, none cached (long outputs: not a right-size case); near miss: 30 % cached.
    await daily(context, "Drafts", "gpt-4.1", JUNE, () => ({ requests: 1_000, input: 2_500_000, output: 1_000_000 }));
    await daily(context, "Cached drafts", "gpt-4.1", JUNE, () => ({ requests: 1_000, input: 2_500_000, cached: 750_000, output: 1_000_000 }));
    // Batch: a workflow marked not interactive; near miss: the same volume, not said (30 % cached: no caching advice).
    await daily(context, "Nightly", "gpt-4.1-mini", JUNE, () => ({ requests: 100, input: 1_000_000, cached: 300_000, output: 100_000 }));
    await daily(context, "Daytime", "gpt-4.1-mini", JUNE, () => ({ requests: 100, input: 1_000_000, cached: 300_000, output: 100_000 }));
    // Trim: input per request 1,000 → 1,500 between the halves, output flat; near miss: +20 %.
    await daily(context, "Triage", "gpt-4o-mini", JUNE, (_day, index) => ({ requests: 1_000, input: index < 15 ? 1_000_000 : 1_500_000, output: 40_000 }));
    await daily(context, "Steady triage", "gpt-4o-mini", JUNE, (_day, index) => ({ requests: 1_000, input: index < 15 ? 1_000_000 : 1_200_000, output: 40_000 }));
    // Unpriced, and spend of no team or workflow.
    await daily(context, null, "house-model-3", ["2026-06-20"], () => ({ requests: 10, input: 1_000, output: 100 }));
    await daily(context, null, "gpt-4o", ["2026-06-20"], () => ({ requests: 10, input: 4_000_000, output: 0 }));

    const count = await computeRecommendations(org.id, { now: NOW });
    const found = await listRecommendations(actors.finance);
    expect(count).toBe(6);
    const names = new Map((await db.workflow.findMany({ where: { orgId: org.id } })).map((row) => [row.id, row.name]));
    expect(found.map((entry) => [entry.kind, entry.workflowId ? names.get(entry.workflowId) : entry.model, entry.monthlySaving])).toEqual([
      // 30,000 requests: 18M input × (2 − 0.40) + 3.6M output × (8 − 1.60) = 28.80 + 23.04.
      ["right_size", "Rewrites", "51.84"],
      // 75M input, half to the cache: 37.5M × (2 − 0.50).
      ["prompt_caching", "Drafts", "56.25"],
      // 21M uncached × 0.40 + 9M cached × 0.10 + 3M output × 1.60 = 14.10, half off.
      ["batch", "Nightly", "7.05"],
      // 30,000 requests a month × 500 more input tokens × $0.15 per million.
      ["trim_context", "Triage", "2.25"],
      ["unattributed", null, "0.00"],
      ["unpriced", "house-model-3", "0.00"],
    ].sort((a, b) => new Decimal(b[2]!).comparedTo(a[2]!) || 0));
    expect(found.find((entry) => entry.kind === "right_size")).toMatchObject({ targetModel: "gpt-4.1-mini", teamId: teams.managedTeam.id, confidence: "medium", evidence: { figures: { requests: "30000", inputPerRequest: "600" } } });
    expect(found.find((entry) => entry.kind === "unattributed")!.evidence.figures.spend).toBe("10.00");

    // Recomputing raises nothing twice; a dismissed one stays dismissed; a snoozed one returns when its snooze ends.
    expect(await computeRecommendations(org.id, { now: NOW })).toBe(6);
    const caching = found.find((entry) => entry.kind === "prompt_caching")!;
    expect(await errorCode(dismissRecommendation(actors.finance, caching.id, { reason: "" }))).toBe("validation_failed");
    await dismissRecommendation(actors.finance, caching.id, { reason: "The prompts differ per customer." });
    const batch = found.find((entry) => entry.kind === "batch")!;
    await snoozeRecommendation(actors.manager, batch.id, { days: 3 });
    expect(await computeRecommendations(org.id, { now: NOW })).toBe(4);
    expect(await db.recommendation.count({ where: { orgId: org.id } })).toBe(6);
    // Three days later (the snooze over), the finding still holds: open again.
    await db.recommendation.update({ where: { id: batch.id }, data: { snoozedUntil: new Date(NOW.getTime() - 1) } });
    expect(await computeRecommendations(org.id, { now: NOW })).toBe(5);
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("open");

    // Managers see and decide their teams' only; another organization finds none.
    expect((await listRecommendations(actors.manager)).every((entry) => entry.teamId === teams.managedTeam.id)).toBe(true);
    const unpriced = found.find((entry) => entry.kind === "unpriced")!;
    expect(await errorCode(acceptRecommendation(actors.manager, unpriced.id))).toBe("not_found");
    const other = await createOrgWithPeople();
    expect(await listRecommendations(other.actors.admin)).toEqual([]);
    expect(await errorCode(acceptRecommendation(other.actors.admin, unpriced.id))).toBe("not_found");
  });

  it("measures the saving an accepted recommendation realized: cost per request before and after, times volume", async () => {
    const context = await createOrgWithPeople();
    const { org, actors, teams } = context;
    await db.workflow.create({ data: { orgId: org.id, name: "Rewrites", teamId: teams.managedTeam.id } });
    const today = orgToday(org.timeZone);
    // Before: gpt-4.1 at 600 input + 120 output tokens a request = $0.00216; after: gpt-4.1-mini = $0.000432.
    await daily(context, "Rewrites", "gpt-4.1", daysBetween(addDays(today, -40), addDays(today, -11)), () => ({ requests: 1_000, input: 600_000, output: 120_000 }));
    // The last 30 days hold 20 of those days: 20,000 requests, enough for a right-size.
    expect(await computeRecommendations(org.id)).toBe(1);
    const open = await listRecommendations(actors.manager);
    const recommendation = open.find((entry) => entry.kind === "right_size");
    expect(recommendation?.monthlySaving).toBeDefined();
    const accepted = await acceptRecommendation(actors.manager, recommendation!.id);
    expect(accepted.status).toBe("accepted");
    expect(accepted.realized).toBeNull(); // nothing measured yet
    // Accepted ten days ago; since then, 2,000 requests a day on gpt-4.1-mini.
    await db.recommendation.update({ where: { id: accepted.id }, data: { acceptedAt: new Date(Date.parse(`${addDays(today, -10)}T12:00:00Z`)) } });
    await daily(context, "Rewrites", "gpt-4.1-mini", daysBetween(addDays(today, -9), today), () => ({ requests: 2_000, input: 1_200_000, output: 240_000 }));
    const [measured] = await listRecommendations(actors.manager, { status: "accepted" });
    // (0.00216 − 0.000432) × 2,000 a day × 30 = 103.68.
    expect(measured!.realized).toEqual({ days: 10, costPerRequestBefore: "0.002160", costPerRequestAfter: "0.000432", requestsPerMonth: "60000", monthlySaving: "103.68" });
    expect(measured!.monthlySaving).toBe(recommendation!.monthlySaving);
  });
});
