import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { db } from "../lib/db.ts";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { createOrganization, signInViaApi, unique } from "./fixtures";

// Budgets and alerts in the browser. Each journey makes the budgets it reads (through the API) and removes them,
// so the figures checked are the API's own, whatever the demo holds. Budgets made in the demo organization are
// far above its spend, so they fire no alerts that would outlive them in its alert list.

type Budget = { id: string; name: string; amount: string; current: { actual: string; percent: string; daysLeft: number }; forecast: { value: string }; history: { label: string }[] };

const money = (amount: string) => `$${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function teamId(request: APIRequestContext, name: string): Promise<string> {
  const { teams } = (await (await request.get("/api/v1/teams?org=acme")).json()) as { teams: { id: string; name: string }[] };
  return teams.find((team) => team.name === name)!.id;
}

async function createBudget(request: APIRequestContext, input: Record<string, unknown>): Promise<Budget> {
  const response = await request.post("/api/v1/budgets?org=acme", { data: { period: "monthly", ...input } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { budget: Budget }).budget;
}

async function removeBudget(request: APIRequestContext, id: string) {
  expect((await request.delete(`/api/v1/budgets/${id}?org=acme`)).status()).toBe(200);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("finance sees each budget with its burn bar, actual, forecast and days left", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  const budget = await createBudget(page.request, { name: unique("Marketing burn"), amount: "100000", teamId: await teamId(page.request, "Marketing") });
  try {
    await page.goto("/acme/budgets");
    await expect(page.getByRole("heading", { name: "Budgets", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "New budget" })).toBeVisible();
    const row = page.getByTestId(`budget-row-${budget.name}`);
    await expect(row.getByRole("img", { name: `${budget.name}: ${budget.current.percent} % used, forecast`, exact: false })).toBeVisible();
    await expect(row).toContainText(money(budget.current.actual));
    await expect(row).toContainText("of $100,000.00");
    await expect(row).toContainText(`${budget.current.percent} %`);
    await expect(row).toContainText(money(budget.forecast.value));
    await expect(row).toContainText(`${budget.current.daysLeft} day`);
    await expect(row).toContainText("Marketing");
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await removeBudget(page.request, budget.id);
  }
});

test("a budget's page shows the period's chart, the past periods and what drives the spend", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  // Legal's: no other journey writes Legal's usage, so the figures hold while journeys run side by side.
  const created = await createBudget(page.request, { name: unique("Legal"), amount: "1000000", teamId: await teamId(page.request, "Legal") });
  try {
    const { budget } = (await (await page.request.get(`/api/v1/budgets/${created.id}?org=acme`)).json()) as { budget: Budget };
    await page.goto("/acme/budgets");
    await page.getByRole("link", { name: budget.name }).click();
    await expect(page.getByRole("heading", { name: budget.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("budget-actual")).toHaveText(money(budget.current.actual));
    await expect(page.getByTestId("budget-percent")).toHaveText(`${budget.current.percent} %`);
    await expect(page.getByTestId("budget-forecast")).toHaveText(money(budget.forecast.value));
    // The chart (loaded after the page) draws the actual, the forecast and the budget line.
    const chart = page.getByRole("figure", { name: /cumulative spend, budget and forecast/ });
    await expect(chart.locator(".recharts-line")).not.toHaveCount(0);
    await expect(chart.locator(".recharts-reference-line")).not.toHaveCount(0);
    // Twelve months before this one, newest first.
    const periods = page.getByRole("region", { name: "Past periods" }).getByRole("row");
    await expect(periods).toHaveCount(budget.history.length + 1);
    expect(budget.history.length).toBe(12);
    await expect(periods.nth(1)).toContainText(budget.history.at(-1)!.label);
    // Drivers open the explorer on the budget's period and scope, filtered to the driver.
    const workflows = page.getByRole("list", { name: "Top workflows" }).getByRole("link");
    await expect(workflows.first()).toBeVisible();
    expect(await workflows.first().getAttribute("href")).toMatch(/^\/acme\/explorer\?range=custom&from=.*filter=workflow%3A/);
    await page.getByRole("list", { name: "Top models" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/acme\/explorer\?.*filter=model%3A/);
    await expect(page.getByRole("heading", { name: "Explorer", level: 1 })).toBeVisible();
  } finally {
    await removeBudget(page.request, created.id);
  }
});

test("a manager creates a budget for a team they manage, mutes it, and cannot pick another team", async ({ page }) => {
  await signInViaApi(page.request, "manager@acme.test", DEMO_PASSWORD);
  const name = unique("Marketing budget");
  await page.goto("/acme/budgets");
  await page.getByRole("link", { name: "New budget" }).click();
  await expect(page.getByRole("heading", { name: "New budget", level: 1 })).toBeVisible();
  const teams = await page.getByLabel("Team").locator("option").allTextContents();
  expect(teams).toEqual(expect.arrayContaining(["Customer Support", "Marketing"]));
  expect(teams).not.toContain("Legal");
  expect(teams).not.toContain("Any team (organization)");
  const workflows = await page.getByLabel("Workflow").locator("option").allTextContents();
  expect(workflows).toContain("Campaign copy generator");
  expect(workflows).not.toContain("Contract review");

  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Team").selectOption({ label: "Marketing" });
  await page.getByLabel("Amount").fill("750.505");
  await page.getByLabel("Thresholds (%)").fill("50, 90, ninety");
  await page.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByText("An amount with at most two decimals, e.g. 2500 or 2500.50.")).toBeVisible();
  await expect(page.getByText("Whole percentages separated by commas, e.g. 50, 80, 100.")).toBeVisible();
  await page.getByLabel("Amount").fill("75000");
  await page.getByLabel("Thresholds (%)").fill("90, 50");
  await page.getByLabel("Downgrade at (%)").fill("90");
  await page.getByLabel("Block at (%)").fill("120");
  await page.getByLabel("Note").fill("Campaign season");
  await page.getByRole("button", { name: "Save budget" }).click();

  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const id = page.url().split("/").at(-1)!;
  try {
    await expect(page.getByText("Marketing · $75,000.00 monthly")).toBeVisible();
    await expect(page.getByText("downgrade from 90 %, block from 120 %")).toBeVisible();
    const { budget } = (await (await page.request.get(`/api/v1/budgets/${id}?org=acme`)).json()) as { budget: Budget & { thresholds: number[]; note: string } };
    expect(budget.thresholds).toEqual([50, 90]);
    expect(budget.note).toBe("Campaign season");

    await page.getByRole("button", { name: "Mute alerts" }).click();
    await expect(page.getByRole("button", { name: "Unmute alerts" })).toBeVisible();
    await expect(page.getByText("Muted", { exact: true })).toBeVisible();

    // The server refuses another team even when the form is bypassed.
    const legal = await page.request.post("/api/v1/budgets?org=acme", { data: { name: unique("Legal"), period: "monthly", amount: "1000000", teamId: await teamId(page.request, "Legal") } });
    expect(legal.status()).toBe(403);
    const moved = await page.request.patch(`/api/v1/budgets/${id}?org=acme`, { data: { teamId: await teamId(page.request, "Legal") } });
    expect(moved.status()).toBe(403);
  } finally {
    await removeBudget(page.request, id);
  }
});

test("a manager gets a forbidden page for another team's budget, and not found for none", async ({ page, request }) => {
  await signInViaApi(request, "finance@acme.test", DEMO_PASSWORD);
  const legal = await createBudget(request, { name: unique("Legal"), amount: "1000000", teamId: await teamId(request, "Legal") });
  try {
    await signInViaApi(page.request, "manager@acme.test", DEMO_PASSWORD);
    await page.goto("/acme/budgets");
    await expect(page.getByRole("heading", { name: "Budgets", level: 1 })).toBeVisible();
    await expect(page.getByText(legal.name)).toHaveCount(0);
    expect((await page.goto(`/acme/budgets/${legal.id}`))?.status()).toBe(403);
    expect((await page.goto(`/acme/budgets/${legal.id}/edit`))?.status()).toBe(403);
    expect((await page.goto("/acme/budgets/no-such-budget"))?.status()).toBe(404);
  } finally {
    await removeBudget(request, legal.id);
  }
});

test("the alerts page filters by kind and state, shows deliveries, and acknowledges", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  const orgId = organization.id;
  const team = await db.team.create({ data: { orgId, name: "Support" } });
  const channel = await db.notificationChannel.create({ data: { orgId, name: "Finance Slack", kind: "slack", config: {}, secretEncrypted: "unused", secretHint: "…abcd" } });
  const fired = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const threshold = await db.alert.create({
    data: {
      orgId,
      kind: "threshold",
      dedupeKey: unique("threshold"),
      severity: "warning",
      teamId: team.id,
      threshold: 80,
      figures: { actual: "820.00", amount: "1000.00", percent: "82.00" },
      title: "Support passed 80 % of its budget",
      message: "$820.00 of $1,000.00 this month.",
      link: `/explorer?range=mtd&groupBy=workflow&filter=team%3A${team.id}`,
      createdAt: fired(30),
      deliveries: { create: { orgId, channelId: channel.id, status: "failed", attempts: 5, lastError: "Slack answered 404 no_service" } },
    },
  });
  await db.alert.create({
    data: {
      orgId,
      kind: "anomaly",
      dedupeKey: unique("anomaly"),
      severity: "critical",
      teamId: team.id,
      figures: { actual: "400.00", baseline: "90.00" },
      title: "Support spent 4× its usual",
      message: "$400.00 against a usual $90.00.",
      link: `/explorer?range=7d&groupBy=model&filter=team%3A${team.id}`,
      createdAt: fired(10),
      deliveries: { create: { orgId, channelId: channel.id, status: "delivered", attempts: 1, deliveredAt: fired(9) } },
    },
  });
  await signInViaApi(page.request, admin.email);
  const slug = organization.slug;
  await page.goto(`/${slug}/alerts`);
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const rows = page.getByRole("region", { name: "Alerts", exact: true }).getByRole("row");
  await expect(rows).toHaveCount(3);
  // Newest first.
  await expect(rows.nth(1)).toContainText("Spend anomaly");
  await expect(rows.nth(1)).toContainText("Delivered");
  await expect(rows.nth(2)).toContainText("Threshold crossed");
  await expect(rows.nth(2)).toContainText("Failed");
  await expect(rows.nth(2)).toContainText("after 5 attempts");
  await expect(rows.nth(2)).toContainText("Slack answered 404 no_service");
  expect(await seriousViolations(page)).toEqual([]);

  const filters = page.getByRole("form", { name: "Filter alerts" });
  await filters.getByLabel("Kind").selectOption("threshold");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/kind=threshold/);
  await expect(rows).toHaveCount(2);
  const row = page.getByTestId(`alert-${threshold.id}`);
  await expect(row.getByRole("link", { name: "View in explorer" })).toHaveAttribute("href", `/${slug}/explorer?range=mtd&groupBy=workflow&filter=team%3A${team.id}`);

  await row.getByRole("button", { name: `Acknowledge "Support passed 80 % of its budget"` }).click();
  await expect(row.getByText("Acknowledged", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);

  await page.goto(`/${slug}/alerts?status=open`);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Spend anomaly");
  await page.goto(`/${slug}/alerts?kind=threshold&status=open`);
  await expect(page.getByText("No alerts match these filters.")).toBeVisible();
  // A hand-edited link: the broken filter is named and dropped, the rest applies.
  await page.goto(`/${slug}/alerts?kind=nonsense&team=${team.id}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Ignored a filter that is not valid: kind.");
  await expect(rows).toHaveCount(3);
});

test("an admin sends a budget's alerts to a channel, then changes the budget in the same form", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await db.team.create({ data: { orgId: organization.id, name: "Research" } });
  await db.notificationChannel.create({ data: { orgId: organization.id, name: "FinOps Slack", kind: "slack", config: {}, secretEncrypted: "unused", secretHint: "…wxyz" } });
  await signInViaApi(page.request, admin.email);
  await page.goto(`/${organization.slug}/budgets`);
  await expect(page.getByText("No budgets yet.", { exact: false })).toBeVisible();
  await page.getByRole("link", { name: "New budget" }).click();
  await page.getByLabel("Name").fill("Research quarterly");
  await page.getByLabel("Period").selectOption("quarterly");
  await page.getByLabel("Amount").fill("9000");
  await page.getByLabel("Team").selectOption({ label: "Research" });
  await page.getByLabel("Provider").fill("anthropic");
  await page.getByRole("group", { name: "Channels" }).getByLabel("FinOps Slack").check();
  await page.getByRole("button", { name: "Save budget" }).click();

  await expect(page.getByRole("heading", { name: "Research quarterly", level: 1 })).toBeVisible();
  await expect(page.getByText("Research · anthropic · $9,000.00 quarterly")).toBeVisible();
  await expect(page.getByText("FinOps Slack")).toBeVisible();
  await expect(page.getByTestId("budget-actual")).toHaveText("$0.00");

  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Name")).toHaveValue("Research quarterly");
  await expect(page.getByLabel("Thresholds (%)")).toHaveValue("50, 80, 100");
  await expect(page.getByLabel("Provider")).toHaveValue("anthropic");
  await expect(page.getByRole("group", { name: "Channels" }).getByLabel("FinOps Slack")).toBeChecked();
  await page.getByLabel("Amount").fill("12000.50");
  await page.getByLabel("Provider").fill("");
  await page.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByText("Research · $12,000.50 quarterly")).toBeVisible();

  await page.getByRole("link", { name: "← Budgets" }).click();
  await expect(page.getByTestId("budget-row-Research quarterly")).toContainText("of $12,000.50");
  await page.getByRole("link", { name: "Research quarterly" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete budget" }).click();
  await expect(page).toHaveURL(new RegExp(`/${organization.slug}/budgets$`));
  await expect(page.getByText("No budgets yet.", { exact: false })).toBeVisible();
});

for (const path of ["/acme/budgets/new", "/acme/alerts"]) {
  test(`${path} has no serious or critical accessibility violations`, async ({ page }) => {
    await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("a budget's page has no serious or critical accessibility violations", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  const budget = await createBudget(page.request, { name: unique("Axe"), amount: "200000", teamId: await teamId(page.request, "Marketing") });
  try {
    await page.goto(`/acme/budgets/${budget.id}`);
    await expect(page.getByRole("figure", { name: /cumulative spend/ }).locator(".recharts-line")).not.toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await removeBudget(page.request, budget.id);
  }
});
