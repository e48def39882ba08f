import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { signInViaApi } from "./fixtures";

test("the overview shows each budget's burn for the period, as the budgets API computes it", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  const teams = (await (await page.request.get("/api/v1/teams?org=acme")).json()) as { teams: { id: string; name: string }[] };
  const marketing = teams.teams.find((team) => team.name === "Marketing")!;
  const created = await page.request.post("/api/v1/budgets?org=acme", { data: { name: "Marketing (journey)", period: "monthly", amount: "500", teamId: marketing.id } });
  expect(created.status()).toBe(201);
  const { budget } = (await created.json()) as { budget: { id: string; amount: string; current: { actual: string; percent: string } } };
  expect(Number(budget.current.actual)).toBeGreaterThan(0);
  try {
    await page.goto("/acme");
    const card = page.getByTestId("budget-Marketing (journey)");
    await expect(card).toContainText(`${budget.current.percent} %`);
    await expect(card).toContainText(`$${Number(budget.current.actual).toLocaleString("en-US", { minimumFractionDigits: 2 })} of $500.00`);
  } finally {
    expect((await page.request.delete(`/api/v1/budgets/${budget.id}?org=acme`)).status()).toBe(200);
  }
});
