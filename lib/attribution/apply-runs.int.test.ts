import { describe, expect, it } from "vitest";
import { GET as getRun } from "@/app/api/v1/attribution-rules/apply/[id]/route";
import { GET as listRuns, POST as apply } from "@/app/api/v1/attribution-rules/apply/route";
import { createRule } from "@/lib/attribution/rules";
import type { RunView } from "@/lib/connections/schemas";
import { createApiToken } from "@/lib/tokens/mutations";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople } from "@/test/factories";

// Re-applying the rules through the API as the settings page does: start a run, poll it until it has finished.

type Actor = Parameters<typeof createApiToken>[0];
const BASE = "http://localhost/api/v1/attribution-rules/apply";
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const none = { params: Promise.resolve({}) };

async function bearer(actor: Actor) {
  const { secret } = await createApiToken(actor, { name: "apply test", scopes: ["all"] });
  return { authorization: `Bearer ${secret}` };
}

async function poll(headers: Record<string, string>, id: string): Promise<RunView> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await getRun(new Request(`${BASE}/${id}`, { headers }), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(200);
    const { run } = (await response.json()) as { run: RunView };
    if (run.status === "completed" || run.status === "failed") return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the run did not finish");
}

describe("re-apply runs over the API", () => {
  it("starts a background run whose progress can be polled and listed, by this organization only", async () => {
    const { actors, teams } = await createOrgWithPeople();
    await pushUsageEvents(actors.admin, [
      { eventId: "a", timestamp: `${day(-2)}T10:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 1_000_000 },
      { eventId: "b", timestamp: `${day(-1)}T10:00:00Z`, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 1_000_000 },
    ]);
    await createRule(actors.admin, { name: "OpenAI", conditions: [{ field: "provider", operator: "exact", value: "openai" }], teamId: teams.otherTeam.id });
    const admin = await bearer(actors.admin);
    const body = JSON.stringify({ from: day(-7), to: day(0) });
    const post = (url: string) => apply(new Request(url, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body }), none);

    const dryRun = await post(`${BASE}?dryRun=true`);
    expect(dryRun.status).toBe(200);
    expect(((await dryRun.json()) as { moves: { spend: string; records: number }[] }).moves).toMatchObject([{ spend: "2.5", records: 1 }]);

    const started = await post(BASE);
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as { run: RunView };
    expect(await poll(admin, run.id)).toMatchObject({ id: run.id, status: "completed", records: 1, from: day(-7), to: day(0) });

    const finance = await bearer(actors.finance);
    const listed = await listRuns(new Request(BASE, { headers: finance }), none);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { runs: RunView[] }).runs.map((entry) => [entry.id, entry.status])).toEqual([[run.id, "completed"]]);

    const stranger = await bearer((await createOrgWithPeople()).actors.admin);
    expect((await getRun(new Request(`${BASE}/${run.id}`, { headers: stranger }), { params: Promise.resolve({ id: run.id }) })).status).toBe(404);
    expect(((await (await listRuns(new Request(BASE, { headers: stranger }), none)).json()) as { runs: RunView[] }).runs).toEqual([]);
  });
});
