import { readdirSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { gcpBillingMapper } from "@/lib/ingest/formats/gcp-billing";
import { mapFixture, mapRowAsPipeline, readFixture } from "@/lib/ingest/formats/map-fixture";
import { naturalKey } from "@/lib/ingest/natural-key";
import { TOKEN_BUCKETS, type NormalizedUsage, type TokenBuckets } from "@/lib/ingest/types";

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const FILE = path.join(FIXTURES, "gcp-billing-vertex.csv");
const FOCUS_SAMPLE = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");
const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };

type CsvRow = Record<string, string>;

// The test's own reading of the CSV, written without the mapper: which rows are Vertex AI / Gemini model usage,
// their net cost (credit amounts taken as text, never through a float) and their token counts.
const isAi = (row: CsvRow) => /^(Vertex AI|Generative Language API)$/.test(row["service.description"]!) && /^(Gemini|Claude) /.test(row["sku.description"]!);
const creditAmounts = (row: CsvRow) => [...row.credits!.matchAll(/"amount":(-?[\d.]+)/g)].map((match) => match[1]!);
const netCost = (row: CsvRow) => creditAmounts(row).reduce((total, amount) => total.plus(amount), new Decimal(row.cost!));
const isTokenCount = (row: CsvRow) => row.cost_type === "regular" && row["usage.unit"] === "count" && !/Characters/.test(row["sku.description"]!);
const bucketOf = (sku: string): keyof TokenBuckets => (/Cached/.test(sku) ? "cacheReadInputTokens" : /Output/.test(sku) ? "outputTokens" : "uncachedInputTokens");

function expectedTokens(rows: CsvRow[]): TokenBuckets {
  const totals = Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, new Decimal(0)])) as Record<keyof TokenBuckets, Decimal>;
  for (const row of rows.filter((candidate) => isAi(candidate) && isTokenCount(candidate))) {
    const bucket = bucketOf(row["sku.description"]!);
    totals[bucket] = totals[bucket].plus(row["usage.amount"]!);
  }
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, totals[bucket].toNumber()])) as TokenBuckets;
}

function mappedTokens(records: NormalizedUsage[]): TokenBuckets {
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, records.reduce((sum, record) => sum + record.tokens[bucket], 0)])) as TokenBuckets;
}

const sum = (values: (string | null)[]) => values.reduce((total, value) => total.plus(value ?? 0), new Decimal(0)).toFixed();

function bySku(skuId: string, chargeCategory = "usage"): NormalizedUsage {
  const found = mapFixture(gcpBillingMapper, FILE).records.filter((record) => record.identity[0] === skuId && record.chargeCategory === chargeCategory);
  expect(found, skuId).toHaveLength(1);
  return found[0]!;
}

describe("Google Cloud billing export mapper", () => {
  it("detects the BigQuery billing export and nothing else", () => {
    expect(gcpBillingMapper.detect(readFixture(FILE).headers)).toBe(1);
    const others = readdirSync(FIXTURES).filter((name) => name.endsWith(".csv") && name !== "gcp-billing-vertex.csv");
    expect(others).toEqual(expect.arrayContaining(["aws-cur-bedrock.csv", "azure-cost-actual.csv", "azure-cost-ea.csv"]));
    for (const name of others) expect(gcpBillingMapper.detect(readFixture(path.join(FIXTURES, name)).headers), name).toBe(0);
    expect(gcpBillingMapper.detect(readFixture(FOCUS_SAMPLE).headers)).toBe(0);
  });

  it("keeps Vertex AI and Gemini API model rows, skips the rest, and totals net cost and tokens exactly", () => {
    const { rows } = readFixture(FILE);
    const mapped = mapFixture(gcpBillingMapper, FILE);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records).toHaveLength(12);
    expect(mapped.records).toHaveLength(rows.filter(isAi).length);
    expect(mapped.skipped.map((skip) => [rows[skip.row - 1]!["sku.description"], skip.reason])).toEqual([
      ["N2 Instance Core running in Americas", "not_ai"],
      ["Online Prediction: Predefined Instance Core running in Americas", "not_ai"],
    ]);
    const expectedCost = rows.filter(isAi).reduce((total, row) => total.plus(netCost(row)), new Decimal(0));
    expect(sum(mapped.records.map((record) => record.billedCost))).toBe(expectedCost.toFixed());
    expect(expectedCost.toFixed()).toBe("12.83981025");
    expect(mappedTokens(mapped.records)).toEqual(expectedTokens(rows));
    for (const record of mapped.records) {
      expect(record).toMatchObject({ provider: "gcp-vertex", keyNamespace: "gcp:billing", currency: "USD", estimatedCost: null, requests: 0 });
    }
    expect(new Set(mapped.records.map(naturalKey)).size).toBe(mapped.records.length);
  });

  it("nets credits out of cost: one promotion, then a promotion and a committed use discount", () => {
    const input = bySku("A121-E2B5-1418");
    expect(input).toMatchObject({
      service: "Vertex AI",
      modelRaw: "Gemini 2.5 Pro",
      model: "gemini-2.5-pro",
      serviceTier: "standard",
      project: "search-prod-4821",
      tags: { team: "search", env: "prod" },
      billedCost: "1.80411375",
      tokens: { uncachedInputTokens: 1_843_291 },
    });
    expect(input.periodStart.toISOString()).toBe("2026-05-12T10:00:00.000Z");
    expect(input.periodEnd.toISOString()).toBe("2026-05-12T11:00:00.000Z");
    expect(bySku("C48E-1A2B-7F90")).toMatchObject({ billedCost: "1.7682465", tokens: { outputTokens: 212_447 } });
  });

  it("keeps the context tier in the identity", () => {
    const short = bySku("A121-E2B5-1418");
    const long = bySku("B3D7-96C1-2E5F");
    expect(short.identity).toEqual(["A121-E2B5-1418", "us-central1", "regular", "202605", "≤ 200k", null, null, '[["env","prod"],["team","search"]]']);
    expect(long.identity).toContain("> 200k");
    expect(long).toMatchObject({ model: "gemini-2.5-pro", tokens: { uncachedInputTokens: 250_000 } });
  });

  it("reads cached input, batch, Claude on Vertex and the Gemini API", () => {
    expect(bySku("D5F6-3C4D-8A1B")).toMatchObject({ model: "gemini-2.5-pro", tokens: { cacheReadInputTokens: 5_120_000, uncachedInputTokens: 0 } });
    expect(bySku("E6A7-4D5E-9B2C")).toMatchObject({
      model: "gemini-2.5-flash",
      serviceTier: "batch",
      project: "research-sandbox-77",
      tags: { team: "research", job: "eval-2026-05" },
      tokens: { outputTokens: 900_000 },
    });
    expect(bySku("F7B8-5E6F-0C3D")).toMatchObject({ serviceTier: "batch", tokens: { uncachedInputTokens: 4_000_000 } });
    const claude = bySku("0A1B-6F7A-1D4E");
    expect(claude).toMatchObject({ modelRaw: "Claude Sonnet 4.5", model: "claude-sonnet-4-5", billedCost: "1.5", tokens: { uncachedInputTokens: 1_000_000 } });
    expect(claude.identity[1]).toBe("us-east5");
    expect(bySku("1B2C-7A8B-2E5F")).toMatchObject({ model: "claude-sonnet-4-5", billedCost: "1.8", tokens: { outputTokens: 120_000 } });
    expect(bySku("2C3D-8B9C-3F60")).toMatchObject({ service: "Generative Language API", model: "gemini-2.5-flash", billedCost: "0.45", tags: { team: "support" } });
  });

  it("keeps characters, cache storage and an adjustment as spend without tokens", () => {
    const noTokens = (record: NormalizedUsage) => TOKEN_BUCKETS.every((bucket) => record.tokens[bucket] === 0);
    const characters = bySku("3D4E-9C0D-4A71");
    expect(characters).toMatchObject({ model: "gemini-1.0-pro", otherUnits: "482000", otherUnit: "characters", billedCost: "0.06025" });
    expect(noTokens(characters)).toBe(true);
    const storage = bySku("4E5F-0D1E-5B82");
    expect(storage).toMatchObject({ model: "gemini-2.5-pro", otherUnits: "360000", otherUnit: "token-hours" });
    expect(noTokens(storage)).toBe(true);
    const adjustment = bySku("E6A7-4D5E-9B2C", "adjustment");
    expect(adjustment).toMatchObject({ billedCost: "-0.1", tags: null, otherUnits: null });
    expect(noTokens(adjustment)).toBe(true);
  });

  it("reads flattened column names (service_description), as detect accepts them", () => {
    const row = readFixture(FILE).rows[0]!;
    const flattened = Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/\./g, "_"), value]));
    expect(gcpBillingMapper.detect(Object.keys(flattened))).toBe(1);
    expect(mapRowAsPipeline(gcpBillingMapper, flattened, context)).toEqual(gcpBillingMapper.map(row, context));
  });

  it("names the column and value of a bad row", () => {
    const row = readFixture(FILE).rows[0]!;
    const outcome = gcpBillingMapper.map(
      {
        ...row,
        cost: "2,30",
        currency: "XYZ",
        usage_start_time: "12.05.2026 10:00",
        labels: "team=search",
        credits: '[{"name":"Vertex AI promotional credit","amount":"lots"}]',
        "usage.amount": "1843291.5",
      },
      context,
    );
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.issues.map((issue) => `${issue.column}=${issue.value}`).sort()).toEqual([
      "cost=2,30",
      'credits=[{"name":"Vertex AI promotional credit","amount":"lots"}]',
      "currency=XYZ",
      "labels=team=search",
      "usage.amount=1843291.5",
      "usage_start_time=12.05.2026 10:00",
    ]);
  });
});
