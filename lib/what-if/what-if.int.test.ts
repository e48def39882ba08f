import { describe, expect, it } from "vitest";
import { actorForUser } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pushUsageEvents } from "@/lib/usage/push";
import { whatIf, whatIfChoices } from "@/lib/what-if/what-if";
import { createOrgWithPeople, errorCode } from "@/test/factories";

// The window is the 30 days to "now" (2026-03-15, UTC): 2026-02-14 to 2026-03-15.
const NOW = new Date("2026-03-15T12:00:00Z");

const event = (id: string, fields: Record<string, unknown>) => ({ eventId: id, timestamp: "2026-03-02T10:15:00Z", provider: "openai", ...fields });

/**
 * ticket-triage (team Support), in the window:
 *   gpt-4o       10M input of which 4M cache reads, 1M output: 6M × 2.50 + 4M × 1.25 + 1M × 10 = $30.00
 *   gpt-4o-mini   1M input, 1M output:                        1M × 0.15 + 1M × 0.60          =  $0.75
 * Outside what ticket-triage's what-if reads: the same workflow before the window, another workflow of Support,
 * Support Tier 1 (a sub-team of Support: 1M gpt-4o input, $2.50) and Legal ($2.50).
 */
async function seed() {
  const world = await createOrgWithPeople();
  const { org, teams, actors } = world;
  const triage = await db.workflow.create({ data: { orgId: org.id, name: "ticket-triage", teamId: teams.managedTeam.id } });
  const contracts = await db.workflow.create({ data: { orgId: org.id, name: "contract-review", teamId: teams.otherTeam.id } });
  const result = await pushUsageEvents(actors.admin, [
    event("a", { model: "gpt-4o-2024-08-06", inputTokens: 10_000_000, cacheReadInputTokens: 4_000_000, outputTokens: 1_000_000, team: "Support", workflow: "ticket-triage" }),
    event("b", { model: "gpt-4o-mini", inputTokens: 1_000_000, outputTokens: 1_000_000, team: "Support", workflow: "ticket-triage", timestamp: "2026-03-14T23:00:00Z" }),
    event("c", { model: "gpt-4o", inputTokens: 5_000_000, outputTokens: 0, team: "Support", workflow: "ticket-triage", timestamp: "2026-02-13T12:00:00Z" }),
    event("d", { model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 0, team: "Support Tier 1" }),
    event("e", { model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 0, team: "Legal", workflow: "contract-review" }),
  ]);
  expect(result).toMatchObject({ accepted: 5, rejected: 0 });
  return { ...world, workflows: { triage, contracts } };
}

describe("the what-if simulator", () => {
  it("reprices a workflow's last 30 days at another model, to the cent", async () => {
    const { actors, workflows } = await seed();
    const answer = await whatIf(actors.finance, { workflowId: workflows.triage.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 }, { now: NOW });
    expect(answer.scope).toEqual({ kind: "workflow", id: workflows.triage.id, name: "ticket-triage" });
    expect(answer.window).toEqual({ from: "2026-02-14", to: "2026-03-15" });
    expect(answer.currency).toBe("USD");
    // 11M input (4M of them cache reads: 36.4 %), 2M output, $30.75.
    expect(answer.current).toEqual({
      cost: "30.75",
      requests: "2",
      inputTokens: "11000000",
      outputTokens: "2000000",
      cacheReadShare: "36.4",
      byModel: [
        { provider: "openai", model: "gpt-4o-2024-08-06", cost: "30.00", requests: "1", inputTokens: "10000000", outputTokens: "1000000" },
        { provider: "openai", model: "gpt-4o-mini", cost: "0.75", requests: "1", inputTokens: "1000000", outputTokens: "1000000" },
      ],
    });
    // 5.5M × 0.15 + 5.5M × 0.075 + 2M × 0.60 = 0.825 + 0.4125 + 1.20 = $2.4375 → $2.44.
    expect(answer.projected).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
      cost: "2.44",
      cacheHitShare: "50",
      pricePerMillion: { uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" },
    });
    // 2.44 − 30.75 = −28.31, of 30.75: −92.1 %.
    expect(answer.difference).toEqual({ amount: "-28.31", percent: "-92.1" });
    expect(answer.basis).toContain("list price");

    // Across providers, and a dated id reads as its model: 5.5M × 1 + 5.5M × 0.10 + 2M × 5 = $16.05.
    const haiku = await whatIf(actors.admin, { workflowId: workflows.triage.id, provider: "anthropic", model: "claude-haiku-4-5-20251001", cacheHitShare: 50 }, { now: NOW });
    expect(haiku.projected).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", cost: "16.05" });
    expect(haiku.difference).toEqual({ amount: "-14.70", percent: "-47.8" });
  });

  it("applies the organization's contract prices to the target model", async () => {
    const { org, actors, workflows } = await seed();
    await db.priceOverride.create({ data: { orgId: org.id, provider: "openai", model: "gpt-4o-mini", serviceTier: "", discountPercent: "20", validFrom: new Date("2026-01-01") } });
    const answer = await whatIf(actors.admin, { workflowId: workflows.triage.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 }, { now: NOW });
    // 20 % off every price: 2.4375 × 0.8 = $1.95.
    expect(answer.projected).toMatchObject({ cost: "1.95", pricePerMillion: { uncachedInput: "0.12", cacheRead: "0.06", output: "0.48" } });
    expect(answer.basis).toContain("after your contract prices");
  });

  it("takes a team with its sub-teams, and gives a manager their own team", async () => {
    const { actors, teams } = await seed();
    const input = { teamId: teams.managedTeam.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 0 };
    const answer = await whatIf(actors.admin, input, { now: NOW });
    // ticket-triage's $30.75 and Support Tier 1's $2.50; not Legal's.
    expect(answer.current).toMatchObject({ cost: "33.25", inputTokens: "12000000", outputTokens: "2000000", requests: "3" });
    // 12M × 0.15 + 2M × 0.60 = $3.00.
    expect(answer.projected.cost).toBe("3.00");
    expect(answer.difference).toEqual({ amount: "-30.25", percent: "-91.0" });
    const managers = await whatIf(actors.manager, input, { now: NOW });
    expect({ ...managers, basis: "" }).toEqual({ ...answer, basis: "" });
    expect(managers.basis).toContain("on the teams you manage");
    // The sub-team alone.
    expect((await whatIf(actors.admin, { ...input, teamId: teams.subTeam.id }, { now: NOW })).current.cost).toBe("2.50");
  });

  it("refuses a manager another team's workflow or team (403), and another organization's (404)", async () => {
    const { actors, teams, workflows } = await seed();
    const target = { provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 };
    expect(await errorCode(whatIf(actors.manager, { ...target, workflowId: workflows.contracts.id }, { now: NOW }))).toBe("forbidden");
    expect(await errorCode(whatIf(actors.manager, { ...target, teamId: teams.otherTeam.id }, { now: NOW }))).toBe("forbidden");
    const choices = await whatIfChoices(actors.manager, { now: NOW });
    expect(choices.workflows.map((workflow) => workflow.name)).toEqual(["ticket-triage"]);
    expect(choices.teams.map((team) => team.name)).toEqual(["Support", "Support Tier 1"]);
    expect(choices.models).toContainEqual({ provider: "anthropic", model: "claude-haiku-4-5" });

    const other = await createOrgWithPeople();
    expect(await errorCode(whatIf(other.actors.admin, { ...target, workflowId: workflows.triage.id }, { now: NOW }))).toBe("not_found");
    expect(await errorCode(whatIf(other.actors.admin, { ...target, teamId: teams.managedTeam.id }, { now: NOW }))).toBe("not_found");
  });

  it("names the field when the target model is not in the catalog or the share is outside 0–100", async () => {
    const { actors, workflows } = await seed();
    const base = { workflowId: workflows.triage.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 };
    const unknown = await whatIf(actors.admin, { ...base, model: "gpt-17-ultra" }, { now: NOW }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown).toMatchObject({ code: "validation_failed", status: 400, details: { fieldErrors: { model: [expect.stringContaining("not a text model in the price catalog")] } } });
    // A model of another provider is not that provider's.
    expect(await whatIf(actors.admin, { ...base, provider: "anthropic" }, { now: NOW }).catch((error: unknown) => error)).toMatchObject({ details: { fieldErrors: { model: expect.any(Array) } } });
    for (const share of [101, -1]) {
      const refused = await whatIf(actors.admin, { ...base, cacheHitShare: share }, { now: NOW }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: "validation_failed", details: { fieldErrors: { cacheHitShare: expect.any(Array) } } });
    }
    expect(await whatIf(actors.admin, { ...base, workflowId: undefined }, { now: NOW }).catch((error: unknown) => error)).toMatchObject({ details: { fieldErrors: { workflowId: ["Choose one workflow or one team."] } } });
  });

  it("answers in the reporting currency, and says which exchange rate is missing", async () => {
    const { org, users, workflows } = await seed();
    await db.organization.update({ where: { id: org.id }, data: { currency: "EUR" } });
    const actor = await actorForUser(users.finance.id, org.slug);
    const input = { workflowId: workflows.triage.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 };
    expect(await errorCode(whatIf(actor, input, { now: NOW }))).toBe("missing_exchange_rate");
    await db.exchangeRate.create({ data: { orgId: org.id, fromCurrency: "USD", toCurrency: "EUR", day: new Date("2026-01-01"), rate: "0.5" } });
    const answer = await whatIf(actor, input, { now: NOW });
    // Both sides at 0.5: $30.75 → €15.38 (15.375), $2.4375 → €1.22 (1.21875).
    expect(answer).toMatchObject({ currency: "EUR", current: { cost: "15.38" }, projected: { cost: "1.22", pricePerMillion: { uncachedInput: "0.075", cacheRead: "0.0375", output: "0.3" } } });
    expect(answer.basis).toContain("converted from USD to EUR");
  });
});
