import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemoOutcomes } from "@/lib/demo/seed-outcomes";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople } from "@/test/factories";

describe("the demo's outcomes", () => {
  it("follow the demo's usage, the same on every run, and a rerun changes nothing", async () => {
    const { org, actors } = await createOrgWithPeople();
    await db.workflow.create({ data: { orgId: org.id, name: "Ticket triage" } });
    await db.workflow.create({ data: { orgId: org.id, name: "Campaign copy generator" } });
    const now = new Date("2026-03-20T10:00:00Z");
    const events = ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20", "2025-11-01"].flatMap((day, index) => [
      { eventId: `t${index}`, timestamp: `${day}T09:00:00Z`, provider: "openai", model: "gpt-4o-mini", inputTokens: 1_000_000, requests: 1000 * (index + 1), workflow: "Ticket triage" },
      { eventId: `c${index}`, timestamp: `${day}T09:00:00Z`, provider: "openai", model: "gpt-4.1", inputTokens: 1_000, requests: 10, workflow: "Campaign copy generator" },
    ]);
    expect((await pushUsageEvents(actors.admin, events)).errors).toEqual([]);

    // Three days up to yesterday: today (03-20) is not over, and November is more than 120 days back.
    expect(await seedDemoOutcomes(org.id, now)).toBe(3);
    const first = await db.outcome.findMany({ where: { orgId: org.id }, orderBy: { day: "asc" } });
    expect(first.map((row) => [row.day.toISOString().slice(0, 10), row.kind])).toEqual([
      ["2026-03-17", "tickets routed"],
      ["2026-03-18", "tickets routed"],
      ["2026-03-19", "tickets routed"],
    ]);
    // 62 % of requests routed a ticket, ± 3 %.
    first.forEach((row, index) => {
      const requests = 1000 * (index + 1);
      expect(Number(row.count)).toBeGreaterThanOrEqual(Math.floor(requests * 0.62 * 0.97));
      expect(Number(row.count)).toBeLessThanOrEqual(Math.ceil(requests * 0.62 * 1.03));
    });

    expect(await seedDemoOutcomes(org.id, now)).toBe(3);
    const second = await db.outcome.findMany({ where: { orgId: org.id }, orderBy: { day: "asc" } });
    expect(second.map((row) => [row.count.toFixed(), row.updatedAt.getTime()])).toEqual(first.map((row) => [row.count.toFixed(), row.updatedAt.getTime()]));
  });
});
