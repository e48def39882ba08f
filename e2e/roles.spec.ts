import { expect, test } from "@playwright/test";
import { DEMO_SERVER } from "../playwright.config";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { createOrganization, signInViaApi, signInWithForm } from "./fixtures";

const SIDEBAR: Record<string, string[]> = {
  "admin@acme.test": ["Overview", "Explorer", "Budgets", "Alerts", "Recommendations", "Outcomes", "What-if", "Reports", "Uploads", "Prices", "Connections", "Organization", "Members", "Teams", "Workflows", "Attribution", "Exchange rates", "Alert channels", "API tokens", "Audit log"],
  "finance@acme.test": ["Overview", "Explorer", "Budgets", "Alerts", "Recommendations", "Outcomes", "What-if", "Reports", "Uploads", "Prices", "Connections", "Attribution", "Exchange rates", "Alert channels", "API tokens", "Audit log"],
  "manager@acme.test": ["Overview", "Explorer", "Budgets", "Alerts", "Recommendations", "Outcomes", "What-if", "Reports", "Prices", "Teams", "Workflows", "Alert channels", "API tokens"],
};

for (const [email, entries] of Object.entries(SIDEBAR)) {
  test(`${email} signs in and sees only what the role may open`, async ({ page }) => {
    await signInWithForm(page, email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/acme$/);
    await expect(page.getByTestId("current-org")).toHaveText("Acme Corp");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(entries);
    await expect(page.getByTestId("stat-teams")).toHaveText("8");
    await expect(page.getByTestId("stat-workflows")).toHaveText("20");
  });
}

test("a finance user opening team settings gets a forbidden page", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  const response = await page.goto("/acme/settings/teams");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByLabel("Team name")).toHaveCount(0);
});

test("a manager can edit their own teams but not others", async ({ page }) => {
  await signInViaApi(page.request, "manager@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/settings/teams");
  await expect(page.getByLabel("Team name")).toHaveCount(0); // no "new team" form: managers do not create teams
  await expect(page.getByTestId("team-Customer Support").getByRole("link", { name: "Edit" })).toBeVisible();
  await expect(page.getByTestId("team-Support Tier 1").getByRole("link", { name: "Edit" })).toBeVisible();
  await expect(page.getByTestId("team-Legal").getByRole("link", { name: "Edit" })).toHaveCount(0);

  await page.getByTestId("team-Marketing").getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Parent team")).toBeDisabled();
  const legalId = await page.evaluate(async () => {
    const response = await fetch("/api/v1/teams?org=acme");
    const body = (await response.json()) as { teams: { id: string; name: string }[] };
    return body.teams.find((team) => team.name === "Legal")!.id;
  });
  const response = await page.goto(`/acme/settings/teams/${legalId}`);
  expect(response?.status()).toBe(403);
});

test("a wrong password shows an error and signs nobody in", async ({ page }) => {
  const { admin } = await createOrganization();
  await signInWithForm(page, admin.email, "not the password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(401);
});

test("another organization's pages are not found", async ({ page }) => {
  const { admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const response = await page.goto("/acme/settings/members");
  expect(response?.status()).toBe(404);
});

test("the demo accounts are listed only on the embedded demo database", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to TokenLedger" })).toBeVisible();
  await expect(page.getByTestId("demo-accounts")).toHaveCount(0);
  await page.goto(`${DEMO_SERVER}/login`);
  await expect(page.getByTestId("demo-accounts")).toContainText("admin@acme.test");
  await expect(page.getByTestId("demo-accounts")).toContainText("finance@acme.test");
  await expect(page.getByTestId("demo-accounts")).toContainText("manager@acme.test");
});

test("repeated failed sign-ins are rate limited with a clear message", async ({ page }) => {
  const { admin } = await createOrganization();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signInWithForm(page, admin.email, `wrong password ${attempt}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // The fifth failure is the one that blocks: the message says so at once.
  await signInWithForm(page, admin.email, "wrong password 5");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many failed sign-ins for this account. Try again in 15 minutes.");
  // Even the right password is refused while the block lasts.
  await signInWithForm(page, admin.email, "journey password 1");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many failed sign-ins for this account. Try again in 15 minutes.");
  await expect(page).toHaveURL(/\/login/);
});
