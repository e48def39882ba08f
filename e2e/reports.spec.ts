import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import Decimal from "decimal.js";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { FOCUS_1_2_MANDATORY_COLUMN_IDS, validateFocusDataset } from "../lib/exports/focus-spec";
import { signInViaApi } from "./fixtures";

const amountOf = (text: string) => text.replace(/[^0-9.\-−]/g, "").replace("−", "-");

test("finance prints and downloads the chargeback; the CSV adds up to the total on the page", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/reports");
  await expect(page.getByRole("heading", { name: "Chargeback", level: 1 })).toBeVisible();
  await expect(page.getByTestId("chargeback-team").first()).toBeVisible();
  const total = amountOf(await page.getByTestId("chargeback-total").innerText());
  expect(new Decimal(total).gt(0)).toBe(true);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const csv = await readFile((await (await downloading).path())!, "utf8");
  const records = parse(csv, { columns: true }) as Record<string, string>[];
  expect(Object.keys(records[0]!)).toEqual(["Month", "Cost center", "Team", "Team ID", "Direct spend", "Shared in", "Shared out", "Total", "Currency"]);
  expect(records.reduce((sum, record) => sum.plus(record.Total!), new Decimal(0)).toFixed(2)).toBe(new Decimal(total).toFixed(2));

  // The printed page is the report alone: no sidebar, no controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Show" })).toBeHidden();
  await expect(page.getByTestId("chargeback-total")).toBeVisible();
});

test("reconciliation drills from a provider's month to its models and days, which add up to it", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/reports/reconciliation");
  await expect(page.getByRole("heading", { name: "Reconciliation", level: 1 })).toBeVisible();
  const rows = page.getByTestId("reconciliation-row");
  await expect(rows.first()).toBeVisible();
  const first = rows.first();
  const estimated = amountOf((await first.locator("td").nth(5).innerText()) || "0");
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/provider=.*&month=|month=.*&provider=/);
  const byDay = page.getByRole("table", { name: "By day" });
  await expect(byDay).toBeVisible();
  const dayTotals = await byDay.locator("tbody tr").evaluateAll((lines) => lines.map((line) => line.querySelectorAll("td")[4]!.textContent ?? "0"));
  const sum = dayTotals.reduce((acc, text) => acc.plus(amountOf(text) || "0"), new Decimal(0));
  expect(sum.toFixed(2)).toBe(new Decimal(estimated).toFixed(2));
});

test("finance downloads the ledger as FOCUS 1.2 and it validates", async ({ page }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/reports/focus");
  await expect(page.getByRole("heading", { name: "FOCUS export", level: 1 })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download FOCUS 1.2 CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^focus-1\.2-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parse(await readFile((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
  expect(records.length).toBeGreaterThan(0);
  for (const column of FOCUS_1_2_MANDATORY_COLUMN_IDS) expect(Object.keys(records[0]!)).toContain(column);
  expect(validateFocusDataset(Object.keys(records[0]!), records).violations).toEqual([]);
});

test("a manager gets the chargeback of their teams only, and no organization-wide report", async ({ page }) => {
  await signInViaApi(page.request, "manager@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/reports");
  await expect(page.getByText("You see the teams you manage.")).toBeVisible();
  const teams = await page.getByTestId("chargeback-team").evaluateAll((rows) => rows.map((row) => row.querySelector("th")!.textContent!.trim()));
  expect(teams.length).toBeGreaterThan(0);
  expect(teams).not.toContain("Unattributed");
  expect(teams).not.toContain("Legal");
  await expect(page.getByRole("navigation", { name: "Reports" }).getByRole("link")).toHaveText(["Chargeback"]);
  expect((await page.goto("/acme/reports/reconciliation"))?.status()).toBe(403);
  expect((await page.request.get("/api/v1/exports/focus?from=2026-01-01&to=2026-01-31&org=acme")).status()).toBe(403);
});
