import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { syncShippedCatalog } from "@/lib/pricing/catalog-sync";
import { loadPricer } from "@/lib/pricing/load-pricer";
import { recoverRerates } from "@/lib/pricing/rerate";
import {
  createPriceOverride,
  deletePriceOverride,
  importExchangeRates,
  importPriceList,
  mapModel,
  saveExchangeRate,
  startRerate,
  type Schedule,
} from "@/lib/pricing/mutations";
import { getRerateRun, listExchangeRates, listOverrides, listPrices, missingRateCurrencies, unpricedUsage } from "@/lib/pricing/queries";
import { querySpend } from "@/lib/spend/queries";
import { createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { getUpload } from "@/lib/uploads/queries";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";
import { AppError } from "@/lib/errors";

type Actor = Parameters<typeof createUpload>[0];

async function upload(actor: Actor, csv: string) {
  let id = "";
  await createUpload(actor, { body: Readable.from([Buffer.from(csv)]), filename: "usage.csv", options: {} }, (uploadId) => (id = uploadId));
  await processUpload(id);
  const result = await getUpload(actor, id);
  expect(result.status, result.message ?? "").toBe("completed");
  return result;
}

/** Runs background work where the test can wait for it. */
function foreground() {
  const jobs: Promise<void>[] = [];
  const schedule: Schedule = (work) => void jobs.push(work());
  return { schedule, done: () => Promise.all(jobs) };
}

const OPENAI_HEADER = "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens";

/** One OpenAI usage row (a day bucket): input_tokens includes the cached ones, as OpenAI reports them. */
function openaiRow(day: string, model: string, input: number, output: number, cached = 0, batch = false) {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  return [start, start + 86_400, `${day}T00:00:00+00:00`, "", "proj_1", 1, "", "key_1", model, batch ? "TRUE" : "FALSE", "default", input, output, cached].join(",");
}

const recordCosts = async (orgId: string) =>
  (
    await pool.query<{ day: string; estimated: string | null }>(
      `SELECT to_char("usageDate", 'YYYY-MM-DD') AS day, "estimatedCost"::float8::text AS estimated FROM usage_record WHERE "orgId" = $1 ORDER BY 1`,
      [orgId],
    )
  ).rows;

describe("pricing usage at ingest", () => {
  it("prices OpenAI's inclusive counts once, batch at half, and lists what it cannot price instead of pricing it at zero", async () => {
    const { actors, org } = await createOrgWithPeople();
    const result = await upload(
      actors.admin,
      [
        OPENAI_HEADER,
        // gpt-4o: 600k uncached × $2.50 + 400k cached × $1.25 + 100k output × $10 per million = $3.00
        openaiRow("2026-03-02", "gpt-4o-2024-08-06", 1_000_000, 100_000, 400_000),
        // gpt-4o-mini batch: 2M input × $0.075 + 1M output × $0.30 = $0.45
        openaiRow("2026-03-02", "gpt-4o-mini", 2_000_000, 1_000_000, 0, true),
        openaiRow("2026-03-03", "acme-internal-llm", 500_000, 50_000),
      ].join("\n"),
    );
    expect(result.status).toBe("completed");
    expect(result.totals.USD).toMatchObject({ estimated: "3.45", billed: "0", records: 3 });
    expect(await ledgerTotals(org.id)).toMatchObject({ estimated: "3.45", list: "3.45", unpriced: 1, records: 3 });
    expect(await unpricedUsage(actors.finance)).toEqual([
      { provider: "openai", model: "acme-internal-llm", records: 1, tokens: 550_000, firstDay: "2026-03-03", lastDay: "2026-03-03" },
    ]);
    await assertRollupsMatchFacts(org.id);
  });

  it("maps an unpriced model to a catalog model, re-rates, and audits the totals before and after", async () => {
    const { actors, org } = await createOrgWithPeople();
    await upload(actors.admin, [OPENAI_HEADER, openaiRow("2026-03-02", "gpt-4o", 1_000_000, 0), openaiRow("2026-03-03", "acme-internal-llm", 500_000, 50_000)].join("\n"));
    expect(await errorCode(mapModel(actors.finance, { provider: "openai", alias: "acme-internal-llm", model: "gpt-4o-mini" }))).toBe("forbidden");
    expect(await errorCode(mapModel(actors.admin, { provider: "openai", alias: "acme-internal-llm", model: "no-such-model" }))).toBe("validation_failed");

    const jobs = foreground();
    const mapped = await mapModel(actors.admin, { provider: "openai", alias: "acme-internal-llm", model: "gpt-4o-mini" }, jobs.schedule);
    await jobs.done();
    const run = await getRerateRun(actors.finance, mapped.rerate.id);
    // 500k × $0.15 + 50k × $0.60 per million = $0.105
    expect(run).toMatchObject({
      status: "completed",
      from: "2026-03-02",
      recordsTotal: 2,
      recordsDone: 2,
      recordsChanged: 1,
      before: { USD: { estimated: "2.5", list: "2.5", unpricedRecords: 1 } },
      after: { USD: { estimated: "2.605", list: "2.605", unpricedRecords: 0 } },
    });
    expect(await unpricedUsage(actors.admin)).toEqual([]);
    await assertRollupsMatchFacts(org.id);
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "ledger.rerate" } });
    expect(audit).toMatchObject({ entityId: run.id, actorUserId: actors.admin.userId });
    expect(audit.before).toMatchObject({ totals: { USD: { estimated: "2.5" } } });
    expect(audit.after).toMatchObject({ totals: { USD: { estimated: "2.605" } }, recordsChanged: 1 });
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "model_alias.map" } })).toBe(1);

    // The mapping is this organization's: another organization's pricer does not know the name.
    const other = await createOrgWithPeople();
    const price = await loadPricer(pool, other.org.id);
    const input = { provider: "openai", model: "acme-internal-llm", modelRaw: "acme-internal-llm", serviceTier: "standard", tokens: { uncachedInputTokens: 1, cacheReadInputTokens: 0, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 0, outputTokens: 0, reasoningTokens: 0 }, otherUnits: null, otherUnit: null, billedCost: null, periodStart: new Date("2026-03-03T00:00:00Z"), currency: "USD" };
    expect(price(input).unpriced).toBe(true);
    expect((await loadPricer(pool, org.id))(input).unpriced).toBe(false);
    expect(await errorCode(getRerateRun(other.actors.admin, run.id))).toBe("not_found");
  });
});

describe("contract prices and re-rating", () => {
  it("re-rates exactly the chosen range: a discount applies inside it, days outside keep their estimate", async () => {
    const { actors, org } = await createOrgWithPeople();
    const days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"];
    await upload(actors.admin, [OPENAI_HEADER, ...days.map((day) => openaiRow(day, "gpt-4o", 1_000_000, 0))].join("\n"));
    expect((await recordCosts(org.id)).map((row) => row.estimated)).toEqual(["2.5", "2.5", "2.5", "2.5", "2.5"]);

    expect(await errorCode(createPriceOverride(actors.finance, { provider: "openai", kind: "discount", discountPercent: "20", validFrom: "2026-01-01" }))).toBe("forbidden");
    expect(await errorCode(createPriceOverride(actors.manager, { provider: "openai", kind: "discount", discountPercent: "20", validFrom: "2026-01-01" }))).toBe("forbidden");
    await createPriceOverride(actors.admin, { provider: "openai", kind: "discount", discountPercent: "20", validFrom: "2026-01-01", note: "Enterprise agreement" });
    // New overrides do not change the past until it is re-rated.
    expect((await ledgerTotals(org.id)).estimated).toBe("12.5");

    expect(await errorCode(startRerate(actors.finance, { from: "2026-03-02", to: "2026-03-04" }))).toBe("forbidden");
    expect(await errorCode(startRerate(actors.admin, { from: "2026-03-04", to: "2026-03-02" }))).toBe("validation_failed");
    const jobs = foreground();
    const run = await startRerate(actors.admin, { from: "2026-03-02", to: "2026-03-04" }, jobs.schedule);
    await jobs.done();
    expect(await getRerateRun(actors.admin, run.id)).toMatchObject({ status: "completed", recordsTotal: 3, recordsChanged: 3 });
    expect(await recordCosts(org.id)).toEqual([
      { day: "2026-03-01", estimated: "2.5" },
      { day: "2026-03-02", estimated: "2" },
      { day: "2026-03-03", estimated: "2" },
      { day: "2026-03-04", estimated: "2" },
      { day: "2026-03-05", estimated: "2.5" },
    ]);
    // "Saved vs list": the list price stays beside the contract price.
    expect(await ledgerTotals(org.id)).toMatchObject({ estimated: "11", list: "12.5" });
    const list = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", metric: "list" });
    const estimated = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", metric: "estimated" });
    expect([list.totals[0]!.cost, estimated.totals[0]!.cost]).toEqual(["12.5", "11"]);
    await assertRollupsMatchFacts(org.id);
  });

  it("uses a contract price per token type from its start date, and keeps overrides to their organization", async () => {
    const { actors, org } = await createOrgWithPeople();
    const override = await createPriceOverride(actors.admin, { provider: "openai", model: "gpt-4o", kind: "price", tokenType: "output", pricePerMillion: "8", validFrom: "2026-03-15" });
    expect(override).toMatchObject({ model: "gpt-4o", tokenType: "output", pricePerMillion: "8", validFrom: "2026-03-15", validTo: null });
    expect(await errorCode(createPriceOverride(actors.admin, { provider: "openai", model: "gpt-7-imaginary", kind: "price", tokenType: "output", pricePerMillion: "1", validFrom: "2026-03-15" }))).toBe("validation_failed");
    await upload(actors.admin, [OPENAI_HEADER, openaiRow("2026-03-14", "gpt-4o", 0, 1_000_000), openaiRow("2026-03-15", "gpt-4o", 0, 1_000_000)].join("\n"));
    expect(await recordCosts(org.id)).toEqual([
      { day: "2026-03-14", estimated: "10" },
      { day: "2026-03-15", estimated: "8" },
    ]);

    const other = await createOrgWithPeople();
    expect(await listOverrides(other.actors.admin)).toEqual([]);
    expect(await errorCode(deletePriceOverride(other.actors.admin, override.id))).toBe("not_found");
    await deletePriceOverride(actors.admin, override.id);
    expect(await listOverrides(actors.admin)).toEqual([]);
  });
});

describe("the catalog", () => {
  it("is shipped with its sources, found by alias, display name or Bedrock ARN, and synced idempotently", async () => {
    const { actors } = await createOrgWithPeople();
    expect(await syncShippedCatalog(pool)).toEqual({ prices: 0, aliases: 0 });
    const byDisplayName = await listPrices(actors.manager, { search: "Claude Haiku 4.5" });
    expect(byDisplayName.some((price) => price.model === "claude-haiku-4-5" && price.current && price.source.startsWith("http"))).toBe(true);
    const byArn = await listPrices(actors.manager, { search: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" });
    expect(byArn.map((price) => price.model)).toContain("claude-3-haiku");
    // Earlier prices stay, closed where the next one starts.
    const gpt4o = (await listPrices(actors.finance, { search: "gpt-4o", provider: "openai" })).filter((price) => price.model === "gpt-4o" && price.serviceTier === "standard");
    expect(gpt4o.length).toBeGreaterThanOrEqual(2);
    expect(gpt4o.filter((price) => price.current)).toHaveLength(1);
  });

  it("imports a price list in the open JSON format: a diff first, then the change from its start date, audited", async () => {
    const { actors, org } = await createOrgWithPeople();
    const model = `tl-test-${org.id.slice(-8)}`;
    const list = (input: number, output: number) => ({
      sample_spec: { input_cost_per_token: 0 },
      [model]: { litellm_provider: "openai", mode: "chat", input_cost_per_token: input, output_cost_per_token: output, max_tokens: 8192, supports_vision: true },
      "some-other-vendor/model": { litellm_provider: "together_ai", input_cost_per_token: 1e-7 },
    });
    expect(await errorCode(importPriceList(actors.finance, list(1e-6, 2e-6), { apply: false }))).toBe("forbidden");
    expect(await errorCode(importPriceList(actors.admin, [1, 2], { apply: false }))).toBe("validation_failed");

    const preview = await importPriceList(actors.admin, list(1e-6, 2e-6), { apply: false, effectiveFrom: "2026-01-01" });
    expect(preview).toMatchObject({ applied: false, entries: 1, skippedModels: 1, ignoredKeys: ["max_tokens", "supports_vision"] });
    expect(preview.diff.added).toEqual([expect.objectContaining({ model, uncachedInput: "1", output: "2" })]);
    expect(await listPrices(actors.admin, { search: model })).toEqual([]);

    await importPriceList(actors.admin, list(1e-6, 2e-6), { apply: true, effectiveFrom: "2026-01-01" });
    const changed = await importPriceList(actors.admin, list(0.5e-6, 2e-6), { apply: true, effectiveFrom: "2026-03-10" });
    expect(changed.diff.changed).toEqual([{ before: expect.objectContaining({ uncachedInput: "1" }), after: expect.objectContaining({ uncachedInput: "0.5" }) }]);
    const history = await listPrices(actors.admin, { search: model });
    expect(history.map((price) => [price.validFrom, price.validTo, price.uncachedInput, price.origin])).toEqual([
      ["2026-03-10", null, "0.5", "import"],
      ["2026-01-01", "2026-03-10", "1", "import"],
    ]);
    // A price change mid-month: each day at its own price.
    await upload(actors.admin, [OPENAI_HEADER, openaiRow("2026-03-09", model, 1_000_000, 0), openaiRow("2026-03-10", model, 1_000_000, 0)].join("\n"));
    expect(await recordCosts(org.id)).toEqual([
      { day: "2026-03-09", estimated: "1" },
      { day: "2026-03-10", estimated: "0.5" },
    ]);
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "price_list.import" } })).toBe(2);
  });
});

describe("exchange rates and the reporting currency", () => {
  const FOCUS_HEADER = "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName";

  it("converts each charge at its date's rate, and a missing rate is an error naming it, never 1.0", async () => {
    const { actors } = await createOrgWithPeople();
    await upload(
      actors.admin,
      [FOCUS_HEADER, "10,EUR,2026-03-02,2026-03-03,Usage,Microsoft,Azure OpenAI", "5,USD,2026-03-02,2026-03-03,Usage,AWS,Bedrock", "20,EUR,2026-03-10,2026-03-11,Usage,Microsoft,Azure OpenAI"].join("\n"),
    );
    expect(await missingRateCurrencies(actors.finance)).toEqual([{ currency: "EUR", firstDay: "2026-03-02" }]);
    const missing = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", currency: "USD" }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: "missing_exchange_rate", details: { missing: [{ currency: "EUR", firstDay: "2026-03-02", days: 2 }] } });
    expect((missing as AppError).message).toMatch(/EUR from 2026-03-02/);

    expect(await errorCode(saveExchangeRate(actors.finance, { currency: "EUR", day: "2026-03-01", rate: "1.1" }))).toBe("forbidden");
    expect(await errorCode(saveExchangeRate(actors.admin, { currency: "USD", day: "2026-03-01", rate: "1" }))).toBe("validation_failed");
    expect(await errorCode(saveExchangeRate(actors.admin, { currency: "EUR", day: "2026-03-01", rate: "0" }))).toBe("validation_failed");
    await saveExchangeRate(actors.admin, { currency: "EUR", day: "2026-03-01", rate: "1.1" });
    await saveExchangeRate(actors.admin, { currency: "EUR", day: "2026-03-10", rate: "1.2" });
    expect(await missingRateCurrencies(actors.finance)).toEqual([]);

    // 10 EUR × 1.1 + 5 USD + 20 EUR × 1.2 = 40 USD
    const converted = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", currency: "usd", groupBy: "day" });
    expect(converted.convertedTo).toBe("USD");
    expect(converted.totals.map((total) => [total.currency, total.cost])).toEqual([["USD", "40"]]);
    expect(converted.rows.map((row) => [row.group.day, row.cost])).toEqual([
      ["2026-03-10", "24"],
      ["2026-03-02", "16"],
    ]);
    // Unconverted: each currency by itself, as stored.
    const asStored = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31" });
    expect(asStored.totals.map((total) => [total.currency, total.cost])).toEqual([["EUR", "30"], ["USD", "5"]]);
    expect(await errorCode(querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", currency: "GBP" }))).toBe("validation_failed");
    // The facts path (grouping by project) converts the same way.
    const byProject = await querySpend(actors.finance, { from: "2026-03-01", to: "2026-03-31", currency: "USD", groupBy: "project" });
    expect(byProject.totals[0]!.cost).toBe("40");
  });

  it("imports a CSV of date, currency, rate: all rows or none, errors by line", async () => {
    const { actors } = await createOrgWithPeople();
    const bad = await importExchangeRates(actors.admin, "date,currency,rate\n2026-03-01,EUR,1.08\n\n2026-03-02,EUR,abc\n2026-03-32,GBP,1.25\n").catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: "validation_failed", details: { fieldErrors: { "line 4, rate": expect.any(Array), "line 5, date": expect.any(Array) } } });
    expect(await listExchangeRates(actors.admin)).toEqual([]);
    expect(await errorCode(importExchangeRates(actors.finance, "2026-03-01,EUR,1.08"))).toBe("forbidden");

    expect(await importExchangeRates(actors.admin, "\uFEFFdate,currency,rate\r\n2026-03-01,EUR,1.08\r\n2026-03-02,eur,1.0812\r\n2026-03-01,GBP,1.25\r\n")).toEqual({ saved: 3 });
    expect(await listExchangeRates(actors.finance)).toEqual([
      { fromCurrency: "EUR", toCurrency: "USD", day: "2026-03-02", rate: "1.0812" },
      { fromCurrency: "EUR", toCurrency: "USD", day: "2026-03-01", rate: "1.08" },
      { fromCurrency: "GBP", toCurrency: "USD", day: "2026-03-01", rate: "1.25" },
    ]);
    expect(await errorCode(listExchangeRates(actors.manager))).toBe("forbidden");
    const other = await createOrgWithPeople();
    expect(await listExchangeRates(other.actors.admin)).toEqual([]);
  });
});

describe("effective spend with usage and cost exports of the same provider", () => {
  const COSTS_HEADER = "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,organization_id,organization_name";
  const costRow = (day: string, amount: string) => {
    const start = Date.parse(`${day}T00:00:00Z`) / 1000;
    return [start, start + 86_400, `${day}T00:00:00+00:00`, "", amount, "usd", '"gpt-4o, input"', "proj_1", "org-1", "Org"].join(",");
  };

  it("counts a provider's bills, and its estimates only on days it has no bill: never both", async () => {
    const { actors } = await createOrgWithPeople();
    // Usage on 2 and 3 March (estimated $2.50 each); the cost export bills 2 March only ($2.40, after a credit).
    await upload(actors.admin, [OPENAI_HEADER, openaiRow("2026-03-02", "gpt-4o", 1_000_000, 0), openaiRow("2026-03-03", "gpt-4o", 1_000_000, 0)].join("\n"));
    await upload(actors.admin, [COSTS_HEADER, costRow("2026-03-02", "2.40")].join("\n"));
    const range = { from: "2026-03-01", to: "2026-03-31" };
    const total = async (metric: string, groupBy = "") => (await querySpend(actors.finance, { ...range, metric, groupBy })).totals.map((row) => row.cost);
    expect(await total("billed")).toEqual(["2.4"]);
    expect(await total("estimated")).toEqual(["5"]);
    // 2 March: the bill ($2.40); 3 March: the estimate ($2.50).
    expect(await total("effective")).toEqual(["4.9"]);
    const byDay = await querySpend(actors.finance, { ...range, metric: "effective", groupBy: "day" });
    expect(byDay.rows.map((row) => [row.group.day, row.cost])).toEqual([
      ["2026-03-03", "2.5"],
      ["2026-03-02", "2.4"],
    ]);
    // The facts path (by project) agrees with the rollups.
    expect(await total("effective", "project")).toEqual(["4.9"]);
  });
});

describe("re-rates after a restart", () => {
  it("fails a re-rate whose process died, and leaves a live one alone", async () => {
    const { actors, org } = await createOrgWithPeople();
    const dead = await db.rerateRun.create({ data: { orgId: org.id, fromDay: new Date("2026-03-01"), toDay: new Date("2026-03-02"), status: "running", startedAt: new Date(Date.now() - 2 * 3600_000) } });
    const live = await db.rerateRun.create({ data: { orgId: org.id, fromDay: new Date("2026-03-01"), toDay: new Date("2026-03-02"), status: "running", startedAt: new Date() } });
    expect(await recoverRerates(pool)).toBeGreaterThanOrEqual(1);
    expect(await getRerateRun(actors.admin, dead.id)).toMatchObject({ status: "failed", message: expect.stringContaining("nothing was changed") });
    expect((await getRerateRun(actors.admin, live.id)).status).toBe("running");
  });
});
