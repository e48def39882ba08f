import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { db } from "../lib/db.ts";
import { createOrganization, createToken, signInViaApi } from "./fixtures";

// The what-if simulator in the browser: a fresh organization with its own pushed usage, the form filled in, and the
// projection on the page equal to the API's for the same choice.

const at = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString();
const money = (amount: string) => `${amount.startsWith("-") ? "−" : ""}$${Number(amount.replace(/^-/, "")).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

type Answer = { current: { cost: string }; projected: { cost: string }; difference: { amount: string; percent: string | null } };

test("finance repriced a workflow on a cheaper model and sees the API's projection, shareable by its address", async ({ page }) => {
  const { organization, admin, members } = await createOrganization(["FINANCE"]);
  const team = await db.team.create({ data: { orgId: organization.id, name: "Support" } });
  const workflow = await db.workflow.create({ data: { orgId: organization.id, name: "ticket-triage", teamId: team.id } });
  // gpt-4o: 6M uncached × $2.50 + 4M cached × $1.25 + 1M output × $10 = $30.00 in the last 30 days.
  const { secret } = await createToken(organization.id, admin.id, ["usage:write"]);
  const pushed = await page.request.post("/api/v1/usage", {
    headers: { Authorization: `Bearer ${secret}` },
    data: [{ eventId: "triage-1", timestamp: at(-1), provider: "openai", model: "gpt-4o", inputTokens: 10_000_000, cacheReadInputTokens: 4_000_000, outputTokens: 1_000_000, team: "Support", workflow: "ticket-triage" }],
  });
  expect(await pushed.json()).toMatchObject({ accepted: 1 });

  await signInViaApi(page.request, members[1]!.email);
  const response = await page.request.post(`/api/v1/what-if?org=${organization.slug}`, {
    data: { workflowId: workflow.id, provider: "openai", model: "gpt-4o-mini", cacheHitShare: 50 },
  });
  expect(response.status(), await response.text()).toBe(200);
  const answer = (await response.json()) as Answer;
  // 5M × $0.15 + 5M × $0.075 + 1M × $0.60 = $1.725 → $1.73.
  expect(answer).toMatchObject({ current: { cost: "30.00" }, projected: { cost: "1.73" }, difference: { amount: "-28.27", percent: "-94.2" } });

  await page.goto(`/${organization.slug}/what-if`);
  await expect(page.getByRole("heading", { name: "What-if", level: 1 })).toBeVisible();
  await page.getByLabel("Workflow or team").selectOption({ label: "ticket-triage (Support)" });
  await page.getByLabel("Target model").selectOption("openai/gpt-4o-mini");
  await page.getByLabel("Expected cache hits (%)").fill("50");
  await page.getByRole("button", { name: "Simulate" }).click();

  await expect(page).toHaveURL(/scope=workflow%3A.*model=openai%2Fgpt-4o-mini.*cache=50/);
  await expect(page.getByTestId("what-if-current")).toHaveText(money(answer.current.cost));
  await expect(page.getByTestId("what-if-projected")).toHaveText(money(answer.projected.cost));
  await expect(page.getByTestId("what-if-difference")).toHaveText(money(answer.difference.amount));
  await expect(page.getByText("−94.2 % against today")).toBeVisible();
  const byModel = page.getByRole("table", { name: "Today's cost by model" }).locator("tbody tr");
  await expect(byModel).toHaveCount(1);
  await expect(byModel.locator("td")).toHaveText(["gpt-4o", "OpenAI", "$30.00", "1", "10,000,000", "1,000,000"]);
  // The chart (loaded after the page) draws both bars.
  await expect(page.getByRole("figure", { name: /today's cost and on gpt-4o-mini/ }).locator(".recharts-bar-rectangle")).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);

  // The address alone reproduces the result.
  await page.goto(page.url());
  await expect(page.getByTestId("what-if-projected")).toHaveText(money(answer.projected.cost));

  // A model outside the catalog is named on its field.
  await page.goto(`/${organization.slug}/what-if?scope=workflow:${workflow.id}&model=openai/gpt-17&cache=50`);
  await expect(page.getByText("openai/gpt-17 is not a text model in the price catalog")).toBeVisible();
});
