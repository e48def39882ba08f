import { expect, test } from "@playwright/test";
import { focusExport, writeFocusExport } from "./usage-files";
import { createOrganization, signInViaApi } from "./fixtures";

test("an admin uploads an export in the browser, sees its format and first rows, watches the import and sees the totals", async ({ page }, testInfo) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const file = testInfo.outputPath("june-bedrock.csv");
  await writeFocusExport(file, 150_000);

  await page.goto(`/${organization.slug}/uploads`);
  await expect(page.getByText("No uploads yet.")).toBeVisible();
  await page.getByLabel("Billing export file").setInputFiles(file);

  const preview = page.getByTestId("upload-preview");
  await expect(preview.getByText("Detected format:")).toContainText("FOCUS (1.0–1.3)");
  await expect(preview.getByTestId("preview-table").locator("tbody tr")).toHaveCount(20);
  await expect(preview.getByTestId("preview-table").locator("tbody tr").first()).toContainText("aws-bedrockclaude-3-5-sonnet-20240620");
  await page.getByRole("button", { name: "Import june-bedrock.csv" }).click();

  const row = page.getByTestId("upload-june-bedrock.csv");
  // The import of 150,000 rows takes long enough to be seen under way, with rows counted and time left.
  await expect(row.getByTestId("import-progress")).toBeVisible({ timeout: 20_000 });
  await expect(row.getByRole("progressbar")).toBeVisible();
  await expect(row.getByText("completed")).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId("upload-totals")).toHaveText("$1,500.00");
  await expect(row).toContainText("150,000 imported");
  await expect(row).toContainText("2025-06-01 – 2025-06-01");

  // The progress lives on the server: a reload shows the same finished upload.
  await page.reload();
  await expect(page.getByTestId("upload-june-bedrock.csv").getByTestId("upload-totals")).toHaveText("$1,500.00");
  const spend = await page.request.get(`/api/v1/spend?org=${organization.slug}&from=2025-06-01&to=2025-06-30&groupBy=provider`);
  expect(((await spend.json()) as { rows: { group: { provider: string }; cost: string }[] }).rows).toMatchObject([{ group: { provider: "aws-bedrock" }, cost: "1500" }]);
});

test("a file with an invalid row is rejected whole, with the row, column and value, and its errors downloadable", async ({ page }, testInfo) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const file = testInfo.outputPath("broken.csv");
  await writeFocusExport(file, 40, { badRowAt: 25 });
  await page.goto(`/${organization.slug}/uploads`);
  await page.getByLabel("Billing export file").setInputFiles(file);
  await expect(page.getByTestId("upload-preview")).toContainText("FOCUS");
  await page.getByRole("button", { name: "Import broken.csv" }).click();
  const row = page.getByTestId("upload-broken.csv");
  await expect(row.getByText("failed")).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText("1 of 40 rows are invalid, so nothing was imported.");
  await expect(row).toContainText("Row 25, BilledCost “one cent”: is not a number");
  const download = page.waitForEvent("download");
  await row.getByRole("link", { name: "Download 1 errors" }).click();
  expect(await (await download).suggestedFilename()).toBe("broken-errors.csv");
});

test("a CSV no built-in format reads is mapped by hand, and the mapping is used", async ({ page }, testInfo) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const file = testInfo.outputPath("gateway-log.csv");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, "day,llm,prompt_tokens,completion_tokens,spend_usd\n2025-07-01,gpt-4o,1000,200,0.45\n2025-07-02,gpt-4o,3000,600,1.05\n");
  await page.goto(`/${organization.slug}/uploads`);
  await page.getByLabel("Billing export file").setInputFiles(file);
  await expect(page.getByTestId("upload-preview")).toContainText("This file's format is not one TokenLedger reads");
  const builder = page.getByTestId("mapping-builder");
  await builder.getByLabel("Date or start time").selectOption("day");
  await builder.getByLabel("Model (optional)").selectOption("llm");
  await builder.getByLabel("Cost (optional)").selectOption("spend_usd");
  await builder.getByLabel("Input tokens (optional)", { exact: true }).selectOption("prompt_tokens");
  await builder.getByLabel("Output tokens (optional)").selectOption("completion_tokens");
  await builder.getByLabel("Provider (column name or value)").fill("openai");
  await builder.getByLabel("Mapping name").fill("Gateway log");
  await builder.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByTestId("upload-preview").getByText("Detected format:")).toContainText('Saved mapping "Gateway log"');
  await page.getByRole("button", { name: "Import gateway-log.csv" }).click();
  const row = page.getByTestId("upload-gateway-log.csv");
  await expect(row.getByText("completed")).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId("upload-totals")).toHaveText("$1.50");
});

test("a file dropped on the page is previewed", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  await page.goto(`/${organization.slug}/uploads`);
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], "dropped.csv", { type: "text/csv" }));
    return data;
  }, focusExport(5));
  await page.getByText("Drop a billing export here").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByTestId("upload-preview")).toContainText("dropped.csv");
  await expect(page.getByTestId("preview-table").locator("tbody tr")).toHaveCount(5);
});
