import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { orgToday } from "@/lib/analytics/overview";
import { createBudget, updateBudget } from "@/lib/budgets/budgets";
import { budgetDial } from "@/lib/budgets/dial";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople, errorCode } from "@/test/factories";

describe("the budget dial", () => {
  it("answers per request from each applicable budget's policy, the strictest winning", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const today = orgToday(org.timeZone);
    // $30 of gpt-4o today for Support ($2.50 per million input tokens).
    const pushed = await pushUsageEvents(actors.admin, [{ eventId: "a", timestamp: `${today}T12:00:00Z`, provider: "openai", model: "gpt-4o-2024-08-06", inputTokens: 12_000_000, outputTokens: 0, team: "Support" }]);
    expect(pushed.errors ?? []).toEqual([]);
    const support = await createBudget(actors.finance, { name: "Support", period: "monthly", amount: "40", teamId: teams.managedTeam.id, downgradeAtPercent: 70, blockAtPercent: 110 });
    await createBudget(actors.finance, { name: "Claude", period: "monthly", amount: "1", model: "claude-sonnet-4-5", blockAtPercent: 1 });

    // 30 of 40 is 75 %: past the downgrade line; gpt-4o's cheaper sibling is gpt-4o-mini. Team by name, any case. (gpt-4o is
    // sold by OpenAI and Azure: the provider is not guessed.)
    const answer = await budgetDial(actors.admin, { team: "support", model: "gpt-4o-2024-08-06" });
    expect(answer).toMatchObject({ decision: "downgrade", downgradeTo: "gpt-4o-mini", team: { id: teams.managedTeam.id, name: "Support" }, provider: null });
    expect(answer.budgets).toEqual([expect.objectContaining({ name: "Support", actual: "30.00", percent: "75.00", decision: "downgrade", policy: { downgradeAtPercent: 70, blockAtPercent: 110 } })]);
    expect(new Decimal(answer.budgets[0]!.forecast).gte(30)).toBe(true);

    // A sub-team's request is under its parent's budget; a model with no cheaper sibling is warned instead.
    const mini = await budgetDial(actors.admin, { team: teams.subTeam.id, model: "gpt-4o-mini" });
    expect(mini).toMatchObject({ decision: "warn", downgradeTo: null });
    expect(mini.budgets[0]!.reason).toContain("no cheaper model");

    // Legal has no budget of its own: ok, with nothing applying. The Claude budget applies to Claude requests only.
    expect(await budgetDial(actors.admin, { team: "Legal", model: "gpt-4o" })).toMatchObject({ decision: "ok", budgets: [] });
    expect((await budgetDial(actors.admin, { team: "Legal", model: "claude-sonnet-4-5-20250929" })).budgets.map((budget) => budget.name)).toEqual(["Claude"]);

    // Over the block line: block. Raising the budget is seen on the next call (the cached standings follow it).
    await updateBudget(actors.finance, support.id, { amount: "27" });
    expect((await budgetDial(actors.admin, { team: "Support", model: "gpt-4o" })).decision).toBe("block");
    await updateBudget(actors.finance, support.id, { amount: "1000" });
    const relaxed = await budgetDial(actors.admin, { team: "Support", model: "gpt-4o" });
    expect(relaxed.budgets[0]!.percent).toBe("3.00");
    expect(["ok", "warn"]).toContain(relaxed.decision);

    // An organization-wide budget blocks everyone at its line; more usage is seen on the next call.
    await createBudget(actors.finance, { name: "Everything", period: "monthly", amount: "100", blockAtPercent: 50 });
    expect((await budgetDial(actors.admin, { team: "Legal" })).decision).toBe("ok");
    await pushUsageEvents(actors.admin, [{ eventId: "b", timestamp: `${today}T13:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: 8_000_000, outputTokens: 0, team: "Legal" }]);
    const blocked = await budgetDial(actors.admin, { team: "Legal" });
    expect(blocked).toMatchObject({ decision: "block", budgets: [expect.objectContaining({ name: "Everything", actual: "50.00", percent: "50.00" })] });

    // Unknown names are 404s; managers ask about their own teams only; another organization knows none of them.
    expect(await errorCode(budgetDial(actors.admin, { team: "Nobody" }))).toBe("not_found");
    expect(await budgetDial(actors.manager, { team: "Support Tier 1" })).toMatchObject({ team: { name: "Support Tier 1" } });
    expect(await errorCode(budgetDial(actors.manager, { team: "Legal" }))).toBe("forbidden");
    const other = await createOrgWithPeople();
    expect(await errorCode(budgetDial(other.actors.admin, { team: teams.managedTeam.id }))).toBe("not_found");
  });
});
