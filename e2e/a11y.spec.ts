import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { signInViaApi } from "./fixtures";

async function seriousViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("the sign-in page has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to TokenLedger" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the members settings page has no serious or critical accessibility violations", async ({ page }) => {
  await signInViaApi(page.request, "admin@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/settings/members");
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

for (const [path, heading] of [
  ["/acme/prices", "Prices"],
  ["/acme/settings/exchange-rates", "Exchange rates"],
  ["/acme/connections", "Connections"],
  ["/acme", "Acme Corp"],
  ["/acme/explorer", "Explorer"],
  ["/acme/reports", "Chargeback"],
  ["/acme/reports/reconciliation", "Reconciliation"],
  ["/acme/reports/focus", "FOCUS export"],
] as const) {
  test(`${path} has no serious or critical accessibility violations`, async ({ page }) => {
    await signInViaApi(page.request, "admin@acme.test", DEMO_PASSWORD);
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
