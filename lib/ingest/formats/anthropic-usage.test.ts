import { readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { anthropicContextWindow, anthropicUsageMapper } from "@/lib/ingest/formats/anthropic-usage";
import { mapFixture, readFixture } from "@/lib/ingest/formats/map-fixture";
import type { NormalizedUsage, Row, TokenBuckets } from "@/lib/ingest/types";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const FILE = fixture("anthropic-usage.csv");
const OTHER_FORMATS = [
  "anthropic-costs.csv",
  "openai-costs.csv",
  "openai-usage-completions.csv",
  "openai-usage-embeddings.csv",
  "openai-usage-images.csv",
  "openai-usage-audio-transcriptions.csv",
].map(fixture);
const FOCUS = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");

/** Sums a column straight from the CSV, independently of the mapper. */
function columnSum(column: string): number {
  return readFixture(FILE)
    .rows.reduce((sum, row) => sum.plus(row[column] || 0), new Decimal(0))
    .toNumber();
}

function tokenSum(records: NormalizedUsage[], bucket: keyof TokenBuckets): number {
  return records.reduce((total, record) => total + record.tokens[bucket], 0);
}

const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };
const row = (cells: Row): Row => ({
  usage_date_utc: "2026-02-09",
  model_version: "claude-sonnet-4-5-20250929",
  api_key: "support-bot-prod",
  workspace: "Support",
  usage_type: "standard",
  context_window: "≤ 200k",
  usage_input_tokens_no_cache: "100",
  usage_input_tokens_cache_write_5m: "0",
  usage_input_tokens_cache_write_1h: "0",
  usage_input_tokens_cache_read: "0",
  usage_output_tokens: "10",
  web_search_count: "0",
  inference_geo: "not_available",
  speed: "",
  ...cells,
});

describe("Anthropic Console usage export mapper", () => {
  it("detects its own header (BOM removed) and no other format's", () => {
    expect(readFileSync(FILE).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(anthropicUsageMapper.detect(readFixture(FILE).headers)).toBe(1);
    for (const file of [...OTHER_FORMATS, FOCUS]) expect(anthropicUsageMapper.detect(readFixture(file).headers), file).toBe(0);
    // An older export without context_window, inference_geo and speed.
    expect(anthropicUsageMapper.detect(readFixture(FILE).headers.filter((header) => !["context_window", "inference_geo", "speed"].includes(header)))).toBeGreaterThan(0.7);
  });

  it("maps every row and keeps Anthropic's exclusive buckets 1:1, totalling exactly what the CSV says", () => {
    const mapped = mapFixture(anthropicUsageMapper, FILE);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped).toEqual([]);
    expect(mapped.records).toHaveLength(14);
    expect(tokenSum(mapped.records, "uncachedInputTokens")).toBe(columnSum("usage_input_tokens_no_cache"));
    expect(tokenSum(mapped.records, "cacheWrite5mInputTokens")).toBe(columnSum("usage_input_tokens_cache_write_5m"));
    expect(tokenSum(mapped.records, "cacheWrite1hInputTokens")).toBe(columnSum("usage_input_tokens_cache_write_1h"));
    expect(tokenSum(mapped.records, "cacheReadInputTokens")).toBe(columnSum("usage_input_tokens_cache_read"));
    expect(tokenSum(mapped.records, "outputTokens")).toBe(columnSum("usage_output_tokens"));
    expect(tokenSum(mapped.records, "reasoningTokens")).toBe(0);
    const webSearches = mapped.records.reduce((sum, record) => sum.plus(record.otherUnits ?? 0), new Decimal(0)).toNumber();
    expect(webSearches).toBe(columnSum("web_search_count"));
    for (const record of mapped.records) {
      expect(record).toMatchObject({ provider: "anthropic", keyNamespace: "anthropic:usage:messages", billedCost: null, requests: 0, currency: "USD" });
    }
  });

  it("keeps tokens and web searches on the same record", () => {
    const mapped = mapFixture(anthropicUsageMapper, FILE);
    const research = mapped.records[3]!;
    expect(research).toMatchObject({
      modelRaw: "Claude Opus 4.1",
      model: "claude-opus-4-1",
      project: "Research",
      apiKey: "research-agent",
      otherUnits: "14",
      otherUnit: "web_search_requests",
      serviceTier: "standard",
    });
    expect(research.tokens).toEqual({
      uncachedInputTokens: 51_200,
      cacheReadInputTokens: 204_800,
      cacheWrite5mInputTokens: 12_288,
      cacheWrite1hInputTokens: 8_192,
      outputTokens: 22_410,
      reasoningTokens: 0,
    });
    // Zero searches still name the unit, so the natural key does not change when a later export has some.
    expect(mapped.records[0]).toMatchObject({ otherUnits: "0", otherUnit: "web_search_requests" });
  });

  it("normalizes model ids and display names", () => {
    const models = mapFixture(anthropicUsageMapper, FILE).records.map((record) => `${record.modelRaw} → ${record.model}`);
    expect(new Set(models)).toEqual(
      new Set([
        "claude-sonnet-4-5-20250929 → claude-sonnet-4-5-20250929",
        "Claude Sonnet 4.5 → claude-sonnet-4-5",
        "claude-haiku-4-5-20251001 → claude-haiku-4-5-20251001",
        "Claude Opus 4.1 → claude-opus-4-1",
        "claude-opus-4-6 → claude-opus-4-6",
        "claude-3-5-haiku-20241022 → claude-3-5-haiku-20241022",
      ]),
    );
  });

  it("reads a date as that UTC day, the batch usage type as the batch tier, and the context window as identity", () => {
    const mapped = mapFixture(anthropicUsageMapper, FILE);
    const [short, long, batch] = mapped.records;
    expect(short!.periodStart.toISOString()).toBe("2026-02-09T00:00:00.000Z");
    expect(short!.periodEnd.toISOString()).toBe("2026-02-10T00:00:00.000Z");
    expect(batch!.serviceTier).toBe("batch");
    expect(mapped.records.filter((record) => record.serviceTier === "batch")).toHaveLength(2);
    // The short- and long-context rows of one day, key and model differ only by context window.
    expect(short!.identity).toEqual(["0-200k", "not_available", null, "standard"]);
    expect(long!.identity).toEqual(["200k-1M", "not_available", null, "standard"]);
    const keys = mapped.records.map((record) => JSON.stringify([record.periodStart, record.model, record.serviceTier, record.project, record.apiKey, record.identity]));
    expect(new Set(keys).size).toBe(mapped.records.length);
    expect(mapped.records[8]!.identity).toEqual(["0-200k", "global", "fast", "standard"]);
  });

  it("reads a datetime as that hour, and a service_tier column over usage_type", () => {
    const outcome = anthropicUsageMapper.map(row({ usage_date_utc: "2026-02-09 14:00:00", service_tier: "batch" }), context);
    expect(outcome.kind).toBe("records");
    if (outcome.kind !== "records") return;
    expect(outcome.records[0]!.periodStart.toISOString()).toBe("2026-02-09T14:00:00.000Z");
    expect(outcome.records[0]!.periodEnd.toISOString()).toBe("2026-02-09T15:00:00.000Z");
    expect(outcome.records[0]!.serviceTier).toBe("batch");
  });

  it("spells the context window labels of the Console and the API one way", () => {
    expect(["≤ 200k", "<= 200k", "0-200k", " ≤200K "].map(anthropicContextWindow)).toEqual(["0-200k", "0-200k", "0-200k", "0-200k"]);
    expect(["> 200k", "200k-1M"].map(anthropicContextWindow)).toEqual(["200k-1M", "200k-1M"]);
    expect(anthropicContextWindow(null)).toBeNull();
  });

  it("names the column and value of a negative or non-numeric count and a bad date", () => {
    const outcome = anthropicUsageMapper.map(
      row({ usage_date_utc: "Feb 9", usage_input_tokens_cache_read: "-12", usage_output_tokens: "12k" }),
      context,
    );
    expect(outcome).toEqual({
      kind: "invalid",
      issues: [
        { column: "usage_date_utc", value: "Feb 9", reason: "is not a date this importer reads (ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)" },
        { column: "usage_input_tokens_cache_read", value: "-12", reason: "is negative; counts cannot be" },
        { column: "usage_output_tokens", value: "12k", reason: "is not a number" },
      ],
    });
    expect(anthropicUsageMapper.map(row({ usage_date_utc: "" }), context)).toMatchObject({
      kind: "invalid",
      issues: [{ column: "usage_date_utc", reason: "is empty but required" }],
    });
  });
});
