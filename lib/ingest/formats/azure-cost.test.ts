import { readdirSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { azureCostMapper } from "@/lib/ingest/formats/azure-cost";
import { mapFixture, mapRowAsPipeline, readFixture } from "@/lib/ingest/formats/map-fixture";
import { TOKEN_BUCKETS, type NormalizedUsage, type TokenBuckets } from "@/lib/ingest/types";

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const ACTUAL = path.join(FIXTURES, "azure-cost-actual.csv");
const EA = path.join(FIXTURES, "azure-cost-ea.csv");
const FOCUS_SAMPLE = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");
const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };

type CsvRow = Record<string, string>;

// The test's own reading of the CSV, written without the mapper: which rows are Azure OpenAI tokens, and how many.
const isAiTokens = (row: CsvRow) => /^Microsoft\.CognitiveServices$/i.test(row.ConsumedService!) && /Tokens$/.test(row.MeterName!);
const TOKENS_PER_UNIT: Record<string, number> = { "1K": 1_000, "1M": 1_000_000 };
const bucketOf = (meterName: string): keyof TokenBuckets =>
  /cached/i.test(meterName) ? "cacheReadInputTokens" : /Outp/.test(meterName) ? "outputTokens" : "uncachedInputTokens";

function expectedTokens(rows: CsvRow[]): TokenBuckets {
  const totals = Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, new Decimal(0)])) as Record<keyof TokenBuckets, Decimal>;
  for (const row of rows.filter((candidate) => candidate.ChargeType === "Usage")) {
    const bucket = bucketOf(row.MeterName!);
    totals[bucket] = totals[bucket].plus(new Decimal(row.Quantity!).times(TOKENS_PER_UNIT[row.UnitOfMeasure!]!));
  }
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, totals[bucket].toNumber()])) as TokenBuckets;
}

function mappedTokens(records: NormalizedUsage[]): TokenBuckets {
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, records.reduce((sum, record) => sum + record.tokens[bucket], 0)])) as TokenBuckets;
}

const sum = (values: (string | null)[]) => values.reduce((total, value) => total.plus(value ?? 0), new Decimal(0)).toFixed();
const columnSum = (rows: CsvRow[], column: string) => rows.reduce((total, row) => total.plus(row[column]!), new Decimal(0)).toFixed();

function byMeter(records: NormalizedUsage[], meterName: string, chargeCategory = "usage"): NormalizedUsage {
  const found = records.filter((record) => record.modelRaw === meterName && record.chargeCategory === chargeCategory);
  expect(found, meterName).toHaveLength(1);
  return found[0]!;
}

describe("Azure cost export mapper", () => {
  it("detects MCA and EA actual-cost exports, and never a FOCUS export or another format", () => {
    const actualHeaders = readFixture(ACTUAL).headers;
    expect(azureCostMapper.detect(actualHeaders)).toBeGreaterThan(0.9);
    expect(azureCostMapper.detect(readFixture(EA).headers)).toBeGreaterThan(0.8);
    expect(azureCostMapper.detect(readFixture(FOCUS_SAMPLE).headers)).toBe(0);
    expect(azureCostMapper.detect([...actualHeaders, "BilledCost", "ChargePeriodStart"])).toBe(0);
    const others = readdirSync(FIXTURES).filter((name) => name.endsWith(".csv") && !name.startsWith("azure-cost-"));
    expect(others).toEqual(expect.arrayContaining(["aws-cur-bedrock.csv", "gcp-billing-vertex.csv"]));
    for (const name of others) expect(azureCostMapper.detect(readFixture(path.join(FIXTURES, name)).headers), name).toBe(0);
  });

  it("keeps the Azure OpenAI and Foundry token meters of an MCA export, with exact totals", () => {
    const { rows } = readFixture(ACTUAL);
    const mapped = mapFixture(azureCostMapper, ACTUAL);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records).toHaveLength(10);
    expect(mapped.skipped.map((skip) => [rows[skip.row - 1]!.MeterName, skip.reason])).toEqual([
      ["D4s v5", "not_ai"],
      ["Hot LRS Data Stored", "not_ai"],
      ["Standard Text Records", "not_ai"],
    ]);
    const aiRows = rows.filter(isAiTokens);
    expect(sum(mapped.records.map((record) => record.billedCost))).toBe(columnSum(aiRows, "Cost"));
    expect(mappedTokens(mapped.records)).toEqual(expectedTokens(aiRows));
    for (const record of mapped.records) {
      expect(record).toMatchObject({ provider: "azure-openai", service: "Azure OpenAI", keyNamespace: "azure:cost", currency: "USD", apiKey: null, requests: 0 });
    }
  });

  it("reads MM/DD/YYYY as a UTC day, and a Tags cell without its outer braces", () => {
    const record = byMeter(mapFixture(azureCostMapper, ACTUAL).records, "gpt-4o 1120 Inp glbl Tokens");
    expect(record.periodStart.toISOString()).toBe("2026-03-04T00:00:00.000Z");
    expect(record.periodEnd.toISOString()).toBe("2026-03-05T00:00:00.000Z");
    expect(record).toMatchObject({
      model: "gpt-4o",
      serviceTier: "standard",
      project: "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      billedCost: "4.6082275",
      tokens: { uncachedInputTokens: 1_843_291 },
      tags: { team: "search", env: "prod", x_deployment: "global", x_resource: "aoai-search-prod" },
    });
    expect(record.identity).toContain(
      "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/resourceGroups/rg-search-ai/providers/Microsoft.CognitiveServices/accounts/aoai-search-prod",
    );
  });

  it("puts a cached-input meter into cache reads, scaled from 1K blocks", () => {
    const record = byMeter(mapFixture(azureCostMapper, ACTUAL).records, "gpt 4o 1120 cached Inp glbl Tokens");
    expect(record.tokens).toEqual({ ...mappedTokens([]), cacheReadInputTokens: 5_120_000 });
    expect(record).toMatchObject({ model: "gpt-4o", billedCost: "6.4" });
  });

  it("reads 1M meters, batch, data zone and Foundry models", () => {
    const { records } = mapFixture(azureCostMapper, ACTUAL);
    expect(byMeter(records, "GPT 5 Inpt Glbl 1M Tokens")).toMatchObject({ model: "gpt-5", tokens: { uncachedInputTokens: 2_417_302 } });
    expect(byMeter(records, "5.4 inp Gl 1M Tokens")).toMatchObject({ model: "gpt-5.4", tokens: { uncachedInputTokens: 500_000 } });
    expect(byMeter(records, "gpt-4o-mini 0718 Batch Inp glbl Tokens")).toMatchObject({ model: "gpt-4o-mini", serviceTier: "batch" });
    const dataZone = byMeter(records, "o4-mini 0416 Outp DZone Tokens");
    expect(dataZone).toMatchObject({ model: "o4-mini", tokens: { outputTokens: 95_250 }, tags: { team: "research", x_deployment: "datazone" } });
    expect(dataZone.identity).toContain("datazone");
    expect(byMeter(records, "Grok 4.1 Inp DZone Tokens")).toMatchObject({ model: "grok-4.1", tokens: { uncachedInputTokens: 40_000 } });
  });

  it("keeps a refund as money without tokens", () => {
    const refund = byMeter(mapFixture(azureCostMapper, ACTUAL).records, "gpt-4o 1120 Outp glbl Tokens", "refund");
    expect(refund).toMatchObject({ billedCost: "-0.5", tokens: mappedTokens([]) });
    expect(refund.periodStart.toISOString()).toBe("2026-03-05T00:00:00.000Z");
  });

  it("reads the EA variant (CostInBillingCurrency, BillingCurrencyCode, SubscriptionGuid) in EUR and rejects a fractional token count", () => {
    const { rows } = readFixture(EA);
    const mapped = mapFixture(azureCostMapper, EA);
    expect(mapped.records).toHaveLength(4);
    expect(mapped.skipped.map((skip) => [rows[skip.row - 1]!.MeterName, skip.reason])).toEqual([
      ["D8s v5", "not_ai"],
      ["Provisioned Managed Global Unit Hours", "not_ai"],
    ]);
    expect(mapped.invalid).toEqual([
      { row: 5, issues: [{ column: "Quantity", value: "12.3456", reason: "is not a whole number of tokens at 1000 tokens per unit" }] },
    ]);
    const validAiRows = rows.filter((row) => isAiTokens(row) && row.Quantity !== "12.3456");
    expect(sum(mapped.records.map((record) => record.billedCost))).toBe(columnSum(validAiRows, "CostInBillingCurrency"));
    expect(mappedTokens(mapped.records)).toEqual(expectedTokens(validAiRows));
    const cached = byMeter(mapped.records, "gpt-4.1 cached Inp glbl Tokens");
    expect(cached).toMatchObject({
      currency: "EUR",
      billedCost: "0.88064",
      project: "9d8c7b6a-5f4e-4d3c-a2b1-0f9e8d7c6b5a",
      model: "gpt-4.1",
      tokens: { cacheReadInputTokens: 2_048_000 },
      tags: { team: "assistant", costcenter: "7710", x_deployment: "global", x_resource: "aoai-assistant-weu" },
    });
    expect(cached.periodStart.toISOString()).toBe("2026-02-14T00:00:00.000Z");
    expect(byMeter(mapped.records, "o4-mini 0416 Batch Inp DZone Tokens")).toMatchObject({ serviceTier: "batch", tags: { x_deployment: "datazone" } });
  });

  it("reads camelCase headers, as detect accepts them", () => {
    const row = readFixture(ACTUAL).rows[0]!;
    const camel = Object.fromEntries(Object.entries(row).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value]));
    expect(azureCostMapper.detect(Object.keys(camel))).toBeGreaterThan(0.9);
    expect(mapRowAsPipeline(azureCostMapper, camel, context)).toEqual(azureCostMapper.map(row, context));
  });

  it("names the column and value of a bad row", () => {
    const row = readFixture(ACTUAL).rows[0]!;
    const outcome = azureCostMapper.map({ ...row, Date: "13/45/2026", Cost: "4,61", BillingCurrency: "EURO", Tags: "team=search", Quantity: "-3" }, context);
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.issues.map((issue) => `${issue.column}=${issue.value}`).sort()).toEqual([
      "BillingCurrency=EURO",
      "Cost=4,61",
      "Date=13/45/2026",
      "Quantity=-3",
      "Tags=team=search",
    ]);
  });
});
