import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import Decimal from "decimal.js";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { signInViaApi } from "./fixtures";

/** "$1,234.56" (or "−$3.10") as a decimal string. */
const amountOf = (text: string) => text.replace(/[^0-9.\-−]/g, "").replace("−", "-");

async function addFilter(page: Page, dimension: string, pick: (labels: string[]) => string): Promise<string> {
  await page.getByRole("button", { name: "Add filter" }).click();
  const editor = page.getByRole("group", { name: "Add a filter" });
  await editor.getByLabel("Filter on").selectOption({ label: dimension });
  const boxes = editor.getByRole("checkbox");
  await expect(boxes.first()).toBeVisible();
  const labels = (await editor.locator("fieldset label").allTextContents()).map((label) => label.trim());
  const chosen = pick(labels);
  await editor.getByRole("checkbox", { name: chosen, exact: true }).check();
  await editor.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByTestId(`filter-${dimension.toLowerCase()}`)).toContainText(chosen);
  return chosen;
}

test("finance filters the explorer to one team and one model, drills in, and the CSV export matches the screen", async ({ page, browser, baseURL }) => {
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/explorer?range=90d&groupBy=team");
  await expect(page.getByRole("heading", { name: "Explorer", level: 1 })).toBeVisible();
  await expect(page.getByTestId("explorer-row").first()).toBeVisible();
  const everything = amountOf(await page.getByTestId("explorer-total").innerText());

  const team = await addFilter(page, "Team", (labels) => labels.find((label) => label !== "Unattributed")!);
  await expect(page).toHaveURL(/filter=team%3A/);
  await expect(page.getByTestId("explorer-row")).toHaveCount(1);
  await expect(page.getByTestId("explorer-row").first()).toContainText(team);
  const model = await addFilter(page, "Model", (labels) => labels[0]!);
  await expect(page).toHaveURL(/filter=model%3A/);

  // Drill in: the team's row becomes a filter (it is one already) and the next dimension, workflow, the grouping.
  await page.getByTestId("explorer-row").first().getByRole("button", { name: team }).click();
  await expect(page).toHaveURL(/groupBy=workflow/);
  await expect(page.getByRole("columnheader", { name: /Workflow/ })).toBeVisible();
  const rows = page.getByTestId("explorer-row");
  await expect(rows.first()).toBeVisible();
  const total = amountOf(await page.getByTestId("explorer-total").innerText());
  expect(new Decimal(total).lt(everything)).toBe(true);
  expect(new Decimal(total).gt(0)).toBe(true);
  // The rows on screen add up to the total on screen, to the cent.
  const shown = await rows.evaluateAll((elements) => elements.map((row) => row.querySelectorAll("td")[1]!.textContent ?? ""));
  const rowSum = shown.reduce((sum, text) => sum.plus(amountOf(text)), new Decimal(0));
  expect(rowSum.minus(total).abs().lte(new Decimal("0.01").times(shown.length))).toBe(true);

  // The CSV is exactly the view: same rows, a total that rounds to what the screen shows.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  const csv = await readFile((await download.path())!, "utf8");
  const records = parse(csv, { relax_column_count: true, from_line: 2 }) as string[][];
  const [header, ...body] = records;
  expect(header![0]).toBe("Workflow");
  const totalLine = body.at(-1)!;
  expect(totalLine[0]).toBe("Total");
  const lines = body.slice(0, -1);
  expect(lines).toHaveLength(shown.length);
  expect(new Decimal(totalLine[2]!).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe(new Decimal(total).toFixed(2));
  expect(lines.reduce((sum, line) => sum.plus(line[2]!), new Decimal(0)).toFixed()).toBe(new Decimal(totalLine[2]!).toFixed());

  // A shared link shows the same view to someone else.
  const shared = page.url();
  expect(shared).toContain(`filter=model%3A`);
  const other = await browser.newContext({ baseURL });
  const colleague = await other.newPage();
  await signInViaApi(colleague.request, "admin@acme.test", DEMO_PASSWORD);
  await colleague.goto(shared);
  await expect(colleague.getByTestId("filter-team")).toContainText(team);
  await expect(colleague.getByTestId("filter-model")).toContainText(model);
  await expect(colleague.getByTestId("explorer-total")).toHaveText(await page.getByTestId("explorer-total").innerText());
  await expect(colleague.getByTestId("explorer-row")).toHaveCount(shown.length);
  await other.close();
});

test("a manager's explorer shows their own teams only", async ({ page }) => {
  await signInViaApi(page.request, "manager@acme.test", DEMO_PASSWORD);
  await page.goto("/acme/explorer");
  await expect(page.getByText("Showing the teams you manage.")).toBeVisible();
  const teams = await page.getByTestId("explorer-row").evaluateAll((rows) => rows.map((row) => row.querySelector("td")!.textContent!.trim()));
  expect(teams.length).toBeGreaterThan(0);
  expect(teams).not.toContain("Unattributed");
  expect(teams).not.toContain("Legal");
});
