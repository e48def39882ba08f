import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { db } from "../lib/db.ts";
import { createOrganization, createToken, signInViaApi } from "./fixtures";

// Attribution settings: a rule previewed, saved and re-applied to history; a shared-spend split; finance reads only.
// A fresh organization with its own pushed usage, so nothing here moves the demo data other journeys assert on.

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const at = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString();

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("an admin previews, saves and re-applies a rule and splits shared spend; finance only reads", async ({ page, browser }) => {
  // A long journey (two sign-ins, a background run, three axe scans); beside another worker on two CPUs it nears a minute.
  test.setTimeout(120_000);
  const { organization, admin, members } = await createOrganization(["FINANCE"]);
  for (const name of ["Platform", "Research", "Support"]) await db.team.create({ data: { orgId: organization.id, name } });
  // $2.50 + $1.00 of OpenAI and $1.00 of Anthropic, none of it naming a team.
  const { secret } = await createToken(organization.id, admin.id, ["usage:write"]);
  const pushed = await page.request.post("/api/v1/usage", {
    headers: { Authorization: `Bearer ${secret}` },
    data: [
      { eventId: "openai-1", timestamp: at(-1), provider: "openai", model: "gpt-4o", inputTokens: 1_000_000 },
      { eventId: "openai-2", timestamp: at(-3), provider: "openai", model: "gpt-4o", inputTokens: 400_000 },
      { eventId: "anthropic-1", timestamp: at(-1), provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 1_000_000 },
    ],
  });
  expect(await pushed.json()).toMatchObject({ accepted: 3 });

  await signInViaApi(page.request, admin.email);
  await page.goto(`/${organization.slug}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Attribution" }).click();
  await expect(page.getByRole("heading", { name: "Attribution", level: 1 })).toBeVisible();
  await expect(page.getByText("No rules yet")).toBeVisible();

  // A rule: provider openai → Platform, previewed before it is saved.
  await page.getByRole("button", { name: "Add rule" }).click();
  const form = page.getByRole("form", { name: "New rule" });
  await form.getByLabel("Rule name").fill("OpenAI to Platform");
  const condition = form.getByRole("group", { name: "Condition 1" });
  await condition.getByLabel("Field").selectOption("provider");
  await condition.getByLabel("Operator").selectOption("exact");
  await condition.getByLabel("Value").fill("openai");
  await form.getByLabel("Team").selectOption({ label: "Platform" });
  await expect(form.getByRole("button", { name: "Save rule" })).toHaveCount(0);
  await form.getByRole("button", { name: "Preview impact" }).click();
  await expect(form.getByTestId("moved-total")).toHaveText("$3.50");
  const move = form.getByRole("table", { name: "What the rule would move" }).locator("tbody tr");
  await expect(move).toHaveCount(1);
  await expect(move.locator("td")).toHaveText(["Unattributed", "Platform", "2", "$3.50"]);
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByRole("button", { name: "Save rule" }).click();
  const rule = page.getByTestId("rule-OpenAI to Platform");
  await expect(rule).toContainText('Provider is "openai"');
  await expect(rule).toContainText("→ Platform");
  await expect(rule.getByRole("switch", { name: "Enabled: OpenAI to Platform" })).toBeChecked();
  await expect(form).toHaveCount(0);

  // The rule applies to new usage; history moves when it is re-applied.
  const reapply = page.getByRole("form", { name: "Re-apply the rules to a date range" });
  await reapply.getByLabel("From").fill(day(-7));
  await reapply.getByLabel("To").fill(day(0));
  await reapply.getByRole("button", { name: "Preview re-apply" }).click();
  await expect(page.getByRole("table", { name: "What re-applying would move" }).locator("tbody tr td")).toHaveText(["Unattributed", "Platform", "2", "$3.50"]);
  await page.getByRole("button", { name: `Apply to ${day(-7)} – ${day(0)}` }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(`Re-applied the rules from ${day(-7)} to ${day(0)}: 2 records moved.`);
  await expect(page.getByTestId("apply-run").first()).toContainText("completed");
  // Nothing left to move: the ledger is where the preview said.
  await reapply.getByRole("button", { name: "Preview re-apply" }).click();
  await expect(page.getByText(`Nothing would move between ${day(-7)} and ${day(0)}.`)).toBeVisible();

  // A split: fixed shares must add up to 100; then Platform's spend shared evenly.
  const split = page.getByRole("form", { name: "New split" });
  await split.getByLabel("Split name").fill("Platform shared");
  await split.getByLabel("Spend to share").selectOption({ label: "Platform" });
  await split.getByLabel("Split method").selectOption("fixed");
  await split.getByRole("checkbox", { name: "Research" }).check();
  await split.getByRole("checkbox", { name: "Support" }).check();
  await split.getByLabel("Research percentage").fill("50");
  await split.getByLabel("Support percentage").fill("40");
  await split.getByRole("button", { name: "Create split" }).click();
  await expect(split.getByText("The percentages must add up to 100.")).toBeVisible();
  await split.getByLabel("Split method").selectOption("even");
  await expect(split.getByLabel("Research percentage")).toHaveCount(0);
  await split.getByRole("button", { name: "Create split" }).click();
  await expect(split.getByText('Split "Platform shared" created.')).toBeVisible();
  await expect(page.getByTestId("split-Platform shared").locator("td")).toHaveText(["Platform shared", "Platform", "Evenly", "Research, Support", "Delete"]);
  expect(await seriousViolations(page)).toEqual([]);

  // Finance sees the same rules, runs and splits, and no control that would change them.
  const financeContext = await browser.newContext();
  const financePage = await financeContext.newPage();
  await signInViaApi(financePage.request, members.find((member) => member.role === "FINANCE")!.email);
  await financePage.goto(`/${organization.slug}/settings/attribution`);
  await expect(financePage.getByRole("heading", { name: "Attribution", level: 1 })).toBeVisible();
  await expect(financePage.getByTestId("rule-OpenAI to Platform")).toContainText("enabled");
  await expect(financePage.getByTestId("split-Platform shared")).toContainText("Research, Support");
  await expect(financePage.getByTestId("apply-run")).toHaveCount(1);
  for (const name of ["Add rule", "Create split", /^Delete/, /^Move/, /^Edit/]) await expect(financePage.getByRole("button", { name })).toHaveCount(0);
  await expect(financePage.getByRole("switch")).toHaveCount(0);
  await expect(financePage.getByRole("form", { name: "New split" })).toHaveCount(0);
  expect(await seriousViolations(financePage)).toEqual([]);
  await financeContext.close();
});
