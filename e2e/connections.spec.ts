import Decimal from "decimal.js";
import { expect, test } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAI } from "../test/fake-providers/openai-admin.ts";
import { createOrganization, signInViaApi } from "./fixtures";

// A connection added in the browser against a loopback server that speaks OpenAI's admin API: the app's own job
// worker (pg-boss, in the server process) backfills it, and the data appears.

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

let fake: FakeOpenAI;
test.beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.seed({ startDay: day(-9), days: 10, seed: 21 });
});
test.afterAll(async () => fake.close());

test("an admin adds an OpenAI connection and sees its usage and costs appear", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const org = organization.slug;
  await page.goto(`/${org}/connections`);
  await expect(page.getByText("No connections yet.")).toBeVisible();

  const form = page.getByRole("form", { name: "Add a connection" });
  await form.getByLabel("Provider").selectOption("openai");
  await form.getByLabel("Name").fill("OpenAI production");
  await form.getByText("Advanced: base URL").click();
  await form.getByLabel("Base URL (optional)").fill(fake.url);
  // A wrong key is refused before anything is saved.
  await form.getByLabel("Admin key").fill("sk-admin-wrong-key-123");
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(form.getByText("OpenAI refused this key: use an organization admin key.")).toBeVisible();
  await expect(page.getByText("No connections yet.")).toBeVisible();

  await form.getByLabel("Admin key").fill(fake.adminKey);
  await form.getByLabel("Import from").fill(day(-9));
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(form.getByRole("status")).toContainText('Connected "OpenAI production"');

  const card = page.getByTestId("connection-OpenAI production");
  // The fake key is short (19 characters): its hint shows its first three characters only.
  await expect(card).toContainText("key sk-…");
  // The backfill runs in the app's job worker; the list follows it.
  await expect(card.getByText("done (from")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("active")).toBeVisible();
  await expect(card.getByTestId("connection-records")).not.toHaveText("0");
  expect(await page.content()).not.toContain(fake.adminKey);

  // The ledger holds exactly what the provider reports, to the cent.
  const totals = fake.totals({ from: day(-9), to: day(0) });
  const spend = await page.request.get(`/api/v1/spend?org=${org}&from=${day(-9)}&to=${day(0)}&metric=billed`);
  expect(((await spend.json()) as { totals: { cost: string }[] }).totals.map((total) => total.cost)).toEqual([new Decimal(totals.costs.USD!).toFixed()]);
  const connections = await page.request.get(`/api/v1/connections?org=${org}`);
  const body = await connections.text();
  expect(body).not.toContain(fake.adminKey);

  // Sync now, and the run history on the connection's page.
  await card.getByRole("button", { name: "Sync now" }).click();
  await expect(card.getByText("active")).toBeVisible({ timeout: 30_000 });
  await card.getByRole("link", { name: "OpenAI production" }).click();
  const runs = page.getByRole("table", { name: "Sync runs" });
  await expect(runs.locator("tbody tr")).toHaveCount(2, { timeout: 30_000 });
  await expect(runs).toContainText("backfill");
  await expect(runs).toContainText("manual");
  await expect(runs.getByText("completed")).toHaveCount(2, { timeout: 30_000 });
  const after = await page.request.get(`/api/v1/spend?org=${org}&from=${day(-9)}&to=${day(0)}&metric=billed`);
  expect(((await after.json()) as { totals: { cost: string }[] }).totals.map((total) => total.cost)).toEqual([new Decimal(totals.costs.USD!).toFixed()]);
});
