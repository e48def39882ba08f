import { expect, test, type APIRequestContext } from "@playwright/test";
import { createOrganization, createToken, signInViaApi, unique, waitForUpload } from "./fixtures";

// Pricing in the browser: the unpriced panel's "map to model", contract prices with a re-rate, exchange rates.

const OPENAI_HEADER = "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens";

function openaiRow(day: string, model: string, input: number, output: number) {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  return [start, start + 86_400, `${day}T00:00:00+00:00`, "", "proj_1", 1, "", "key_1", model, "FALSE", "default", input, output, 0].join(",");
}

async function uploadCsv(request: APIRequestContext, org: string, filename: string, csv: string) {
  const headers = { "X-TokenLedger-Org": org };
  const response = await request.post(`/api/v1/uploads?filename=${filename}`, { headers: { ...headers, "Content-Type": "text/csv" }, data: csv });
  expect(response.status()).toBe(202);
  const upload = await waitForUpload(request, ((await response.json()) as { upload: { id: string } }).upload.id, headers);
  expect(upload.status).toBe("completed");
}

async function estimatedTotal(request: APIRequestContext, org: string, metric = "estimated") {
  const response = await request.get(`/api/v1/spend?org=${org}&from=2026-11-01&to=2026-11-30&metric=${metric}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { totals: { cost: string }[] }).totals.map((total) => total.cost);
}

test("an admin maps an unpriced model and sees its cost appear", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const org = organization.slug;
  // gpt-4o: 1M input at $2.50. acme-internal-llm: 1M input, not in the catalog.
  await uploadCsv(page.request, org, "november-usage.csv", [OPENAI_HEADER, openaiRow("2026-11-02", "gpt-4o", 1_000_000, 0), openaiRow("2026-11-03", "acme-internal-llm", 1_000_000, 0)].join("\n"));
  expect(await estimatedTotal(page.request, org)).toEqual(["2.5"]);
  // A usage-only export shows its estimate (of what could be priced) in the upload history.
  await page.goto(`/${org}/uploads`);
  await expect(page.getByTestId("upload-november-usage.csv").getByTestId("upload-totals")).toHaveText("est. $2.50");

  await page.goto(`/${org}/prices`);
  await expect(page.getByRole("heading", { name: "Unpriced usage: 1 records" })).toBeVisible();
  const row = page.getByTestId("unpriced-acme-internal-llm");
  await expect(row).toContainText("1,000,000");
  await expect(row).toContainText("2026-11-03");
  await row.getByRole("button", { name: "Map to model" }).click();
  await row.getByLabel("Price acme-internal-llm as").selectOption("gpt-4o-mini");
  await row.getByRole("button", { name: "Map and re-rate" }).click();

  // The re-rate reports what it did, and the unpriced usage is gone: 1M × $0.15 more.
  await expect(page.getByTestId("rerate-result")).toContainText("Estimated cost $2.50 → $2.65", { timeout: 30_000 });
  await expect(page.getByText("Every token in the ledger has a price.")).toBeVisible();
  expect(await estimatedTotal(page.request, org)).toEqual(["2.65"]);
  const unpriced = await page.request.get(`/api/v1/prices/unpriced?org=${org}`);
  expect(((await unpriced.json()) as { unpriced: unknown[] }).unpriced).toEqual([]);
  const aliases = await page.request.get(`/api/v1/model-aliases?org=${org}`);
  expect(((await aliases.json()) as { aliases: { alias: string; model: string }[] }).aliases).toMatchObject([{ alias: "acme-internal-llm", model: "gpt-4o-mini" }]);
});

test("an admin sets a contract discount, re-rates, and sees what it saves; finance sees it but cannot change it", async ({ page, browser }) => {
  const { organization, admin, members } = await createOrganization(["FINANCE"]);
  await signInViaApi(page.request, admin.email);
  const org = organization.slug;
  await uploadCsv(page.request, org, "usage.csv", [OPENAI_HEADER, openaiRow("2026-11-02", "gpt-4o", 2_000_000, 0), openaiRow("2026-11-03", "gpt-4o", 2_000_000, 0)].join("\n"));

  await page.goto(`/${org}/prices`);
  await expect(page.getByTestId("saved-vs-list")).toContainText("No contract savings");
  const form = page.getByRole("form", { name: "Add a contract price" });
  await form.getByLabel("Provider").selectOption("openai");
  await form.getByLabel("Discount (%)").fill("20");
  await form.getByLabel("Valid from").fill("2026-11-01");
  await form.getByLabel("Note").fill("Enterprise agreement");
  await form.getByRole("button", { name: "Add contract price" }).click();
  await expect(form.getByRole("status")).toContainText("Saved.");
  await expect(page.getByRole("table", { name: "Contract prices" })).toContainText("20 % off list");

  const rerate = page.getByRole("form", { name: "Re-rate a date range" });
  await rerate.getByLabel("From").fill("2026-11-01");
  await rerate.getByLabel("To").fill("2026-11-30");
  await rerate.getByRole("button", { name: "Re-rate" }).click();
  await expect(page.getByTestId("rerate-result")).toContainText("Estimated cost $10.00 → $8.00", { timeout: 30_000 });
  await expect(page.getByTestId("saved-vs-list")).toContainText("Saved $2.00 against list prices");
  expect(await estimatedTotal(page.request, org)).toEqual(["8"]);
  expect(await estimatedTotal(page.request, org, "list")).toEqual(["10"]);

  // Finance reads prices and savings, and has no way to change them, in the page or through the API.
  const finance = members.find((member) => member.role === "FINANCE")!;
  const context = await browser.newContext();
  await signInViaApi(context.request, finance.email);
  const financePage = await context.newPage();
  await financePage.goto(`/${org}/prices`);
  await expect(financePage.getByTestId("saved-vs-list")).toContainText("Saved $2.00");
  await expect(financePage.getByRole("form", { name: "Add a contract price" })).toHaveCount(0);
  await expect(financePage.getByRole("form", { name: "Re-rate a date range" })).toHaveCount(0);
  const denied = await financePage.request.post(`/api/v1/prices/overrides?org=${org}`, { data: { provider: "openai", kind: "discount", discountPercent: "50", validFrom: "2026-11-01" } });
  expect(denied.status()).toBe(403);
  expect((await financePage.request.post(`/api/v1/rerate?org=${org}`, { data: { from: "2026-11-01", to: "2026-11-30" } })).status()).toBe(403);
  await context.close();

  // Another organization's admin cannot see this one's re-rates.
  const other = await createOrganization();
  const runs = await page.request.get(`/api/v1/rerate?org=${org}`);
  const [run] = ((await runs.json()) as { runs: { id: string }[] }).runs;
  const otherContext = await browser.newContext();
  await signInViaApi(otherContext.request, other.admin.email);
  expect((await otherContext.request.get(`/api/v1/rerate/${run!.id}?org=${other.organization.slug}`)).status()).toBe(404);
  await otherContext.close();
});

test("an admin is told which exchange rates are missing, adds them, and spend converts at each charge date's rate", async ({ page }, testInfo) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  const org = organization.slug;
  await uploadCsv(
    page.request,
    org,
    "azure-eur.csv",
    [
      "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName",
      "100,EUR,2026-11-02,2026-11-03,Usage,Microsoft,Azure OpenAI",
      "50,EUR,2026-11-20,2026-11-21,Usage,Microsoft,Azure OpenAI",
    ].join("\n"),
  );
  const converted = await page.request.get(`/api/v1/spend?org=${org}&from=2026-11-01&to=2026-11-30&currency=USD`);
  expect(converted.status()).toBe(422);
  expect(((await converted.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "missing_exchange_rate", message: expect.stringContaining("EUR from 2026-11-02") });

  await page.goto(`/${org}/settings/exchange-rates`);
  await expect(page.getByTestId("missing-rates")).toContainText("EUR: add a rate on or before 2026-11-02");
  const form = page.getByRole("form", { name: "Add an exchange rate" });
  await expect(form.getByLabel("Currency")).toHaveValue("EUR");
  await form.getByLabel("Date").fill("2026-11-01");
  await form.getByLabel("Rate (1 unit in USD)").fill("1.08");
  await form.getByRole("button", { name: "Save rate" }).click();
  await expect(form.getByRole("status")).toContainText("1 EUR = 1.08 USD from 2026-11-01");
  await expect(page.getByTestId("missing-rates")).toHaveCount(0);

  // A file with a bad line saves nothing and names the line; a good one saves every rate.
  const bad = testInfo.outputPath("bad-rates.csv");
  const good = testInfo.outputPath("rates.csv");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(bad, "date,currency,rate\n2026-11-15,EUR,1.1\n2026-11-16,EUR,one\n");
  await writeFile(good, "date,currency,rate\n2026-11-15,EUR,1.1\n2026-11-16,GBP,1.27\n");
  await page.getByLabel("Rates file (CSV: date, currency, rate)").setInputFiles(bad);
  await expect(page.getByRole("alert").filter({ hasText: "bad-rates.csv" })).toContainText("line 3, rate");
  await page.getByLabel("Rates file (CSV: date, currency, rate)").setInputFiles(good);
  await expect(page.getByText("rates.csv: 2 rates saved.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Exchange rates to USD" }).locator("tbody tr")).toHaveCount(3);

  // 100 EUR at 1.08 (2 November) + 50 EUR at 1.10 (20 November, the rate of the 15th) = 163 USD.
  const after = await page.request.get(`/api/v1/spend?org=${org}&from=2026-11-01&to=2026-11-30&currency=USD`);
  expect(((await after.json()) as { totals: { currency: string; cost: string }[] }).totals).toMatchObject([{ currency: "USD", cost: "163" }]);
});

test("the prices API over a token: search by display name, a price list previewed then applied, contract prices and rates", async ({ request }) => {
  const { organization, admin } = await createOrganization();
  const { secret } = await createToken(organization.id, admin.id, ["prices:write", "rates:write"]);
  const { secret: readOnly } = await createToken(organization.id, admin.id, ["prices:read"]);
  const headers = { Authorization: `Bearer ${secret}` };

  const search = await request.get("/api/v1/prices?model=Claude%20Haiku%204.5", { headers });
  expect(search.status()).toBe(200);
  const prices = ((await search.json()) as { prices: { provider: string; model: string; current: boolean; uncachedInput: string; output: string; source: string }[] }).prices;
  expect(prices).toContainEqual(expect.objectContaining({ provider: "anthropic", model: "claude-haiku-4-5", current: true, uncachedInput: "1", output: "5", source: expect.stringMatching(/^https:\/\//) }));

  const model = unique("tl-e2e-model").toLowerCase();
  const list = { [model]: { litellm_provider: "openai", mode: "chat", input_cost_per_token: 4e-7, output_cost_per_token: 1.6e-6, supports_function_calling: true } };
  const preview = await request.post("/api/v1/prices/import?effectiveFrom=2026-01-01", { headers, data: list });
  expect(preview.status()).toBe(200);
  expect(await preview.json()).toMatchObject({ applied: false, entries: 1, ignoredKeys: ["supports_function_calling"], diff: { added: [{ model, uncachedInput: "0.4", output: "1.6" }], changed: [] } });
  expect((((await (await request.get(`/api/v1/prices?model=${model}`, { headers })).json()) as { prices: unknown[] }).prices)).toEqual([]);
  expect((await request.post("/api/v1/prices/import?apply=true&effectiveFrom=2026-01-01", { headers: { Authorization: `Bearer ${readOnly}` }, data: list })).status()).toBe(403);
  const applied = await request.post("/api/v1/prices/import?apply=true&effectiveFrom=2026-01-01", { headers, data: list });
  expect(await applied.json()).toMatchObject({ applied: true });
  const imported = ((await (await request.get(`/api/v1/prices?model=${model}`, { headers })).json()) as { prices: { validFrom: string; origin: string }[] }).prices;
  expect(imported).toMatchObject([{ validFrom: "2026-01-01", origin: "import" }]);
  expect((await request.post("/api/v1/prices/import", { headers: { ...headers, "Content-Type": "application/json" }, data: "{not json" })).status()).toBe(400);
  expect((await request.post("/api/v1/prices/import", { headers: { ...headers, "Content-Type": "text/plain" }, data: "{}" })).status()).toBe(415);

  const created = await request.post("/api/v1/prices/overrides", { headers, data: { provider: "openai", model: "gpt-4o", kind: "price", tokenType: "output", pricePerMillion: "8", validFrom: "2026-01-01" } });
  expect(created.status()).toBe(201);
  const { override } = (await created.json()) as { override: { id: string; pricePerMillion: string } };
  expect(override.pricePerMillion).toBe("8");
  const invalid = await request.post("/api/v1/prices/overrides", { headers, data: { provider: "openai", kind: "discount", discountPercent: "150", validFrom: "2026-01-01" } });
  expect(invalid.status()).toBe(400);
  expect(((await invalid.json()) as { error: { details: { fieldErrors: Record<string, string[]> } } }).error.details.fieldErrors).toHaveProperty("discountPercent");
  expect((await request.delete(`/api/v1/prices/overrides/${override.id}`, { headers })).status()).toBe(200);
  expect((await request.delete(`/api/v1/prices/overrides/${override.id}`, { headers })).status()).toBe(404);

  expect((await request.post("/api/v1/exchange-rates", { headers, data: { currency: "EUR", day: "2026-01-01", rate: "1.09" } })).status()).toBe(201);
  const imported2 = await request.post("/api/v1/exchange-rates/import", { headers: { ...headers, "Content-Type": "text/csv" }, data: "2026-02-01,EUR,1.1\n2026-02-01,JPY,0.0067\n" });
  expect(await imported2.json()).toEqual({ saved: 2 });
  const rates = await request.get("/api/v1/exchange-rates", { headers });
  expect(await rates.json()).toMatchObject({ reportingCurrency: "USD", rates: [{ fromCurrency: "EUR", day: "2026-02-01", rate: "1.1" }, { fromCurrency: "EUR", day: "2026-01-01" }, { fromCurrency: "JPY", rate: "0.0067" }], missing: [] });
});
