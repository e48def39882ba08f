import { readdirSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { awsCurMapper } from "@/lib/ingest/formats/aws-cur";
import { mapFixture, mapRowAsPipeline, readFixture } from "@/lib/ingest/formats/map-fixture";
import { naturalKey } from "@/lib/ingest/natural-key";
import { TOKEN_BUCKETS, type NormalizedUsage, type TokenBuckets } from "@/lib/ingest/types";

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const FILE = path.join(FIXTURES, "aws-cur-bedrock.csv");
const FOCUS_SAMPLE = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");
const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };

type CsvRow = Record<string, string>;

// The test's own reading of the CSV, written without the mapper: which rows are Bedrock, and their token counts.
const isBedrock = (row: CsvRow) =>
  row.line_item_product_code === "AmazonBedrock" || (row.bill_billing_entity === "AWS Marketplace" && /Amazon Bedrock Edition/.test(row.product!));
const isTokenUsage = (row: CsvRow) => row.line_item_line_item_type === "Usage" && /tokens|token-count|TokenCount/.test(row.line_item_usage_type!);
const TOKENS_PER_PRICING_UNIT: Record<string, number> = { "1K tokens": 1_000, Units: 1_000_000 };
const BUCKET_OF: [RegExp, keyof TokenBuckets][] = [
  [/cache-read|CacheRead/, "cacheReadInputTokens"],
  [/CacheWrite1h/, "cacheWrite1hInputTokens"],
  [/cache-write|CacheWrite/, "cacheWrite5mInputTokens"],
  [/output|Output/, "outputTokens"],
  [/input|Input/, "uncachedInputTokens"],
];

function expectedTokens(rows: CsvRow[]): TokenBuckets {
  const totals = Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, new Decimal(0)])) as Record<keyof TokenBuckets, Decimal>;
  for (const row of rows.filter((candidate) => isBedrock(candidate) && isTokenUsage(candidate))) {
    const bucket = BUCKET_OF.find(([pattern]) => pattern.test(row.line_item_usage_type!))![1];
    totals[bucket] = totals[bucket].plus(new Decimal(row.line_item_usage_amount!).times(TOKENS_PER_PRICING_UNIT[row.pricing_unit!]!));
  }
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, totals[bucket].toNumber()])) as TokenBuckets;
}

function mappedTokens(records: NormalizedUsage[]): TokenBuckets {
  return Object.fromEntries(TOKEN_BUCKETS.map((bucket) => [bucket, records.reduce((sum, record) => sum + record.tokens[bucket], 0)])) as TokenBuckets;
}

const sum = (values: (string | null)[]) => values.reduce((total, value) => total.plus(value ?? 0), new Decimal(0)).toFixed();

function record(usageType: string, hour = "2026-03-04T10:00:00.000Z"): NormalizedUsage {
  const found = mapFixture(awsCurMapper, FILE).records.filter(
    (candidate) => candidate.identity[0] === usageType && candidate.periodStart.toISOString() === hour && candidate.chargeCategory === "usage",
  );
  expect(found, usageType).toHaveLength(1);
  return found[0]!;
}

describe("AWS CUR 2.0 mapper", () => {
  it("detects a CUR 2.0 export and nothing else", () => {
    expect(awsCurMapper.detect(readFixture(FILE).headers)).toBe(1);
    const others = readdirSync(FIXTURES).filter((name) => name.endsWith(".csv") && name !== "aws-cur-bedrock.csv");
    expect(others).toEqual(expect.arrayContaining(["azure-cost-actual.csv", "azure-cost-ea.csv", "gcp-billing-vertex.csv"]));
    for (const name of others) expect(awsCurMapper.detect(readFixture(path.join(FIXTURES, name)).headers), name).toBe(0);
    expect(awsCurMapper.detect(readFixture(FOCUS_SAMPLE).headers)).toBe(0);
  });

  it("keeps the Bedrock and Bedrock Marketplace rows and skips EC2, S3 and other Marketplace software", () => {
    const { rows } = readFixture(FILE);
    const mapped = mapFixture(awsCurMapper, FILE);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records).toHaveLength(21);
    expect(mapped.records).toHaveLength(rows.filter(isBedrock).length);
    expect(mapped.skipped).toHaveLength(3);
    expect(mapped.skipped.every((skip) => skip.reason === "not_ai")).toBe(true);
    expect(mapped.skipped.map((skip) => rows[skip.row - 1]!.line_item_product_code)).toEqual(["7dq2fzb4z9k2hj3w1pxl8tqyv", "AmazonEC2", "AmazonS3"]);
    for (const mappedRecord of mapped.records) {
      expect(mappedRecord).toMatchObject({ provider: "aws-bedrock", service: "Amazon Bedrock", keyNamespace: "aws:cur", currency: "USD", estimatedCost: null, requests: 0 });
    }
  });

  it("totals cost and every token bucket exactly as the CSV does", () => {
    const { rows } = readFixture(FILE);
    const mapped = mapFixture(awsCurMapper, FILE);
    const expectedCost = rows.filter(isBedrock).reduce((total, row) => total.plus(row.line_item_unblended_cost!), new Decimal(0));
    expect(sum(mapped.records.map((mappedRecord) => mappedRecord.billedCost))).toBe(expectedCost.toFixed());
    expect(expectedCost.toFixed()).toBe("43.8492421");
    expect(mappedTokens(mapped.records)).toEqual(expectedTokens(rows));
    expect(mappedTokens(mapped.records).cacheWrite1hInputTokens).toBe(300_000);
  });

  it("reads model, bucket and tier from Bedrock's own usage types, scaling 1K-token amounts", () => {
    expect(record("USE1-Claude4.6Sonnet-input-tokens")).toMatchObject({
      modelRaw: "Claude4.6Sonnet",
      model: "claude-sonnet-4-6",
      serviceTier: "standard",
      project: "444455556666",
      providerUser: "arn:aws:iam::444455556666:user/alice",
      tags: { user_team: "search", user_env: "prod" },
      billedCost: "5.529873",
      tokens: { uncachedInputTokens: 1_843_291, outputTokens: 0 },
      chargeCategory: "usage",
    });
    expect(record("USE1-Claude4.6Sonnet-cache-read-input-token-count").tokens.cacheReadInputTokens).toBe(5_120_000);
    expect(record("USE1-Claude4.6Sonnet-cache-write-input-token-count").tokens.cacheWrite5mInputTokens).toBe(402_118);
    expect(record("USE1-NovaMicro-input-tokens-batch")).toMatchObject({ model: "nova-micro", serviceTier: "batch", tokens: { uncachedInputTokens: 25_000_000 } });
    expect(record("USE1-Llama3.1-70B-output-tokens")).toMatchObject({ modelRaw: "Llama3.1-70B", model: "llama3-1-70b", tokens: { outputTokens: 12_500 } });
    expect(record("USE1-Claude4.5Haiku-mantle-input-tokens-standard")).toMatchObject({ model: "claude-haiku-4-5", tokens: { uncachedInputTokens: 150_250 } });
    const global = record("USE1-Claude4.5Sonnet-cross-region-global-input-tokens");
    expect(global).toMatchObject({ model: "claude-sonnet-4-5", serviceTier: "standard" });
    expect(global.identity).toContain("global");
  });

  it("names the model of a Marketplace row from the product map, in units of a million tokens", () => {
    const input = record("USE1-MP:USE1_InputTokenCount-Units");
    expect(input).toMatchObject({
      modelRaw: "Claude Sonnet 4.5 (Amazon Bedrock Edition)",
      model: "claude-sonnet-4-5",
      serviceTier: "standard",
      billedCost: "7.9770966",
      tokens: { uncachedInputTokens: 2_417_302 },
    });
    expect(input.identity).not.toContain("global");
    const output = record("USE1-MP:USE1_OutputTokenCount_Global-Units");
    expect(output).toMatchObject({ model: "claude-sonnet-4-5", serviceTier: "standard", tokens: { outputTokens: 198_455 } });
    expect(output.identity).toContain("global");
    expect(record("USE1-MP:USE1_CacheReadInputTokenCount-Units").tokens.cacheReadInputTokens).toBe(6_500_000);
    expect(record("USE1-MP:USE1_CacheWriteInputTokenCount-Units").tokens.cacheWrite5mInputTokens).toBe(750_000);
    expect(record("USE1-MP:USE1_CacheWrite1hInputTokenCount-Units")).toMatchObject({ model: "claude-haiku-4-5", tokens: { cacheWrite1hInputTokens: 300_000 } });
    expect(record("USE1-MP:USE1_input_tokens_global_standard-Units")).toMatchObject({ model: "claude-opus-4-6", tokens: { uncachedInputTokens: 1_200_000 } });
  });

  it("keeps credits, tax and non-token Bedrock usage as money without tokens", () => {
    const mapped = mapFixture(awsCurMapper, FILE);
    const noTokens = (mappedRecord: NormalizedUsage) => TOKEN_BUCKETS.every((bucket) => mappedRecord.tokens[bucket] === 0);
    const credit = mapped.records.find((mappedRecord) => mappedRecord.chargeCategory === "credit")!;
    expect(credit).toMatchObject({ billedCost: "-10", model: "claude-sonnet-4-6", otherUnits: null });
    expect(noTokens(credit)).toBe(true);
    const tax = mapped.records.find((mappedRecord) => mappedRecord.chargeCategory === "tax")!;
    expect(tax).toMatchObject({ billedCost: "2.17", model: null, serviceTier: null });
    expect(tax.periodStart.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(tax.periodEnd.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(noTokens(tax)).toBe(true);
    const guardrail = record("USE1-Guardrail-ContentPolicy-TextUnits");
    expect(guardrail).toMatchObject({ otherUnits: "4.2", otherUnit: "1K text units", model: null, serviceTier: null });
    expect(noTokens(guardrail)).toBe(true);
  });

  it("gives every line item its own natural key, and the same key when AWS re-delivers it under a new line item id", () => {
    const mapped = mapFixture(awsCurMapper, FILE);
    expect(new Set(mapped.records.map(naturalKey)).size).toBe(mapped.records.length);
    const row = readFixture(FILE).rows[0]!;
    const first = awsCurMapper.map(row, context);
    const redelivered = awsCurMapper.map({ ...row, identity_line_item_id: "q7mw3t2pxv4kzr6ya5nbd8ec1gj0hlf9su2io7wx3cv5bn6mz4" }, context);
    expect(first.kind).toBe("records");
    if (first.kind !== "records" || redelivered.kind !== "records") return;
    expect(naturalKey(redelivered.records[0]!)).toBe(naturalKey(first.records[0]!));
  });

  it("reads a header spelled differently, as detect accepts it", () => {
    const row = readFixture(FILE).rows[0]!;
    // "Line Item Usage Type" instead of "line_item_usage_type".
    const respelled = Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key.split("_").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" "), value]),
    );
    expect(respelled["Line Item Usage Type"]).toBe("USE1-Claude4.6Sonnet-input-tokens");
    expect(awsCurMapper.detect(Object.keys(respelled))).toBe(1);
    expect(mapRowAsPipeline(awsCurMapper, respelled, context)).toEqual(awsCurMapper.map(row, context));
  });

  it("names the column and value of a bad row", () => {
    const row = readFixture(FILE).rows[0]!;
    const outcome = awsCurMapper.map(
      {
        ...row,
        line_item_unblended_cost: "5,52",
        line_item_usage_start_date: "04.03.2026",
        line_item_currency_code: "DOLLARS",
        line_item_usage_amount: "1843.2915",
        resource_tags: "user_team=search",
      },
      context,
    );
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.issues.map((issue) => `${issue.column}=${issue.value}`).sort()).toEqual([
      "line_item_currency_code=DOLLARS",
      "line_item_unblended_cost=5,52",
      "line_item_usage_amount=1843.2915",
      "line_item_usage_start_date=04.03.2026",
      "resource_tags=user_team=search",
    ]);
    expect(outcome.issues.find((issue) => issue.column === "line_item_usage_amount")?.reason).toMatch(/whole number of tokens at 1000 tokens/);
  });
});
