import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { mapFixture, readFixture } from "@/lib/ingest/formats/map-fixture";
import { openaiUsageMapper } from "@/lib/ingest/formats/openai-usage";
import type { NormalizedUsage, Row, TokenBuckets } from "@/lib/ingest/types";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const COMPLETIONS = fixture("openai-usage-completions.csv");
const EMBEDDINGS = fixture("openai-usage-embeddings.csv");
const IMAGES = fixture("openai-usage-images.csv");
const TRANSCRIPTIONS = fixture("openai-usage-audio-transcriptions.csv");
const OTHER_FORMATS = ["openai-costs.csv", "anthropic-usage.csv", "anthropic-costs.csv"].map(fixture);
const FOCUS = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");

/** Sums a column straight from the CSV, independently of the mapper (empty cells are empty buckets). */
function columnSum(file: string, column: string): Decimal {
  return readFixture(file).rows.reduce((sum, row) => sum.plus(row[column] || 0), new Decimal(0));
}

function tokenSum(records: NormalizedUsage[], bucket: keyof TokenBuckets): number {
  return records.reduce((total, record) => total + record.tokens[bucket], 0);
}

const requestSum = (records: NormalizedUsage[]) => records.reduce((total, record) => total + record.requests, 0);
const unitSum = (records: NormalizedUsage[]) => records.reduce((total, record) => total.plus(record.otherUnits ?? 0), new Decimal(0)).toFixed();

const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };
const BUCKET = {
  start_time: "1772409600",
  end_time: "1772496000",
  start_time_iso: "2026-03-02T00:00:00+00:00",
  end_time_iso: "2026-03-03T00:00:00+00:00",
  project_id: "proj_abc",
  num_model_requests: "5.0",
  user_id: "user-abc",
  api_key_id: "key_abc",
};
const completion = (cells: Row): Row => ({ ...BUCKET, model: "gpt-4o-mini-2024-07-18", batch: "FALSE", service_tier: "default", ...cells });

function records(row: Row): NormalizedUsage[] {
  const outcome = openaiUsageMapper.map(row, context);
  if (outcome.kind !== "records") throw new Error(`expected records, got ${JSON.stringify(outcome)}`);
  return outcome.records;
}

function issues(row: Row): string[] {
  const outcome = openaiUsageMapper.map(row, context);
  if (outcome.kind !== "invalid") throw new Error(`expected an invalid row, got ${outcome.kind}`);
  return outcome.issues.map((issue) => `${issue.column}=${issue.value}: ${issue.reason}`);
}

describe("OpenAI usage export mapper", () => {
  it("detects every usage export and no other format", () => {
    for (const file of [COMPLETIONS, EMBEDDINGS, IMAGES, TRANSCRIPTIONS]) expect(openaiUsageMapper.detect(readFixture(file).headers), file).toBeGreaterThan(0.9);
    for (const file of [...OTHER_FORMATS, FOCUS]) expect(openaiUsageMapper.detect(readFixture(file).headers), file).toBe(0);
    expect(openaiUsageMapper.detect(["start_time", "end_time", "num_model_requests", "characters", "model"])).toBeGreaterThan(0);
  });

  describe("completions", () => {
    it("maps every bucket, skips the empty ones and totals each token bucket exactly", () => {
      const mapped = mapFixture(openaiUsageMapper, COMPLETIONS);
      expect(mapped.invalid).toEqual([]);
      expect(mapped.skipped).toEqual([
        { row: 6, reason: "empty" },
        { row: 15, reason: "empty" },
      ]);
      expect(mapped.records).toHaveLength(13);
      const input = columnSum(COMPLETIONS, "input_tokens");
      const cached = columnSum(COMPLETIONS, "input_cached_tokens");
      // input_tokens includes the cached tokens; the export's own uncached column must agree with the subtraction.
      expect(tokenSum(mapped.records, "uncachedInputTokens")).toBe(input.minus(cached).toNumber());
      expect(tokenSum(mapped.records, "uncachedInputTokens")).toBe(columnSum(COMPLETIONS, "input_uncached_tokens").toNumber());
      expect(tokenSum(mapped.records, "cacheReadInputTokens")).toBe(cached.toNumber());
      expect(tokenSum(mapped.records, "outputTokens")).toBe(columnSum(COMPLETIONS, "output_tokens").toNumber());
      expect(tokenSum(mapped.records, "cacheWrite5mInputTokens")).toBe(0);
      expect(tokenSum(mapped.records, "cacheWrite1hInputTokens")).toBe(0);
      expect(tokenSum(mapped.records, "reasoningTokens")).toBe(0);
      expect(requestSum(mapped.records)).toBe(columnSum(COMPLETIONS, "num_model_requests").toNumber());
      for (const record of mapped.records) {
        expect(record).toMatchObject({ provider: "openai", keyNamespace: "openai:usage:completions", billedCost: null, chargeCategory: "usage" });
      }
    });

    it("subtracts cached tokens from OpenAI's inclusive input_tokens (first row, by hand)", () => {
      const first = mapFixture(openaiUsageMapper, COMPLETIONS).records[0]!;
      // input_tokens 59200.0 includes input_cached_tokens 5760.0: 59200 − 5760 = 53440 uncached.
      expect(first.tokens).toEqual({
        uncachedInputTokens: 53_440,
        cacheReadInputTokens: 5_760,
        cacheWrite5mInputTokens: 0,
        cacheWrite1hInputTokens: 0,
        outputTokens: 10_646,
        reasoningTokens: 0,
      });
      expect(first).toMatchObject({
        requests: 10,
        modelRaw: "gpt-4o-2024-08-06",
        model: "gpt-4o-2024-08-06",
        serviceTier: "standard",
        project: "proj_Kx81TfWm2QbN0sLpVj4cRa3d",
        apiKey: "key_OYRZfEkH5R9CNgtY",
        providerUser: "user-dAU7Ud7OljwJvKfi4wQzWHyV",
        identity: ["default", null, null],
      });
      expect(first.periodStart.toISOString()).toBe("2026-03-02T00:00:00.000Z");
      expect(first.periodEnd.toISOString()).toBe("2026-03-03T00:00:00.000Z");
    });

    it("reads the service tier from batch and service_tier", () => {
      const mapped = mapFixture(openaiUsageMapper, COMPLETIONS);
      const tiers = mapped.records.map((record) => `${record.identity[0]}→${record.serviceTier}`);
      expect(tiers.filter((tier) => tier === "default→batch")).toHaveLength(2);
      expect(new Set(tiers)).toEqual(new Set(["default→standard", "default→batch", "flex→flex", "priority→priority", "scale→priority", "auto→standard"]));
    });

    it("subtracts a reported cache write too, and checks input_uncached_tokens against the subtraction", () => {
      const [record] = records(
        completion({ input_tokens: "1000", input_cached_tokens: "300", input_cache_write_tokens: "200", input_uncached_tokens: "500", output_tokens: "40" }),
      );
      expect(record!.tokens).toMatchObject({ uncachedInputTokens: 500, cacheReadInputTokens: 300, cacheWrite5mInputTokens: 200, outputTokens: 40 });
      expect(
        issues(completion({ input_tokens: "1000", input_cached_tokens: "300", input_cache_write_tokens: "200", input_uncached_tokens: "600", output_tokens: "40" })),
      ).toEqual(["input_uncached_tokens=600: does not equal input_tokens − input_cached_tokens − input_cache_write_tokens (500)"]);
    });

    it("treats a missing cache-write column as zero, or as the rest of input_tokens when input_uncached_tokens says so", () => {
      const [withoutUncached] = records(completion({ input_tokens: "1000", input_cached_tokens: "300", output_tokens: "40" }));
      expect(withoutUncached!.tokens).toMatchObject({ uncachedInputTokens: 700, cacheReadInputTokens: 300, cacheWrite5mInputTokens: 0 });
      // input_uncached_tokens excludes cache writes, so 1000 − 300 − 500 = 200 were written to the cache.
      const [withUncached] = records(completion({ input_tokens: "1000", input_cached_tokens: "300", input_uncached_tokens: "500", output_tokens: "40" }));
      expect(withUncached!.tokens).toMatchObject({ uncachedInputTokens: 500, cacheReadInputTokens: 300, cacheWrite5mInputTokens: 200 });
    });

    it("never makes a negative bucket: an inconsistent row is invalid", () => {
      expect(issues(completion({ input_tokens: "100", input_cached_tokens: "300", output_tokens: "40" }))).toEqual([
        "input_tokens=100: is less than input_cached_tokens (300) + input_cache_write_tokens (0), which it includes",
      ]);
      expect(issues(completion({ input_tokens: "100", input_cached_tokens: "30", input_uncached_tokens: "90", output_tokens: "40" }))).toEqual([
        "input_uncached_tokens=90: plus input_cached_tokens (30) is more than input_tokens (100)",
      ]);
    });

    it("names the column and value of a negative or non-numeric count, and of an unknown tier", () => {
      const outcome = openaiUsageMapper.map(
        completion({ input_tokens: "1000.0", output_tokens: "-5.0", num_model_requests: "ten", service_tier: "turbo" }),
        context,
      );
      expect(outcome.kind).toBe("invalid");
      if (outcome.kind !== "invalid") return;
      expect(outcome.issues.map(({ column, value }) => ({ column, value }))).toEqual([
        { column: "num_model_requests", value: "ten" },
        { column: "service_tier", value: "turbo" },
        { column: "output_tokens", value: "-5.0" },
      ]);
      expect(outcome.issues[0]!.reason).toBe("is not a number");
      expect(outcome.issues[2]!.reason).toBe("is negative; counts cannot be");
    });
  });

  it("maps embeddings: every input token is uncached input", () => {
    const mapped = mapFixture(openaiUsageMapper, EMBEDDINGS);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped.map((skip) => skip.row)).toEqual([4, 8]);
    expect(mapped.records).toHaveLength(8);
    expect(tokenSum(mapped.records, "uncachedInputTokens")).toBe(columnSum(EMBEDDINGS, "input_tokens").toNumber());
    expect(tokenSum(mapped.records, "outputTokens") + tokenSum(mapped.records, "cacheReadInputTokens")).toBe(0);
    expect(requestSum(mapped.records)).toBe(columnSum(EMBEDDINGS, "num_model_requests").toNumber());
    for (const record of mapped.records) expect(record).toMatchObject({ keyNamespace: "openai:usage:embeddings", serviceTier: "standard", otherUnits: null });
    // A row without a user (requests made with a service account key).
    expect(mapped.records.filter((record) => record.providerUser === null)).toHaveLength(1);
  });

  it("tells a moderations row from an embeddings row by its model", () => {
    const [record] = records({ ...BUCKET, model: "omni-moderation-latest", input_tokens: "812.0" });
    expect(record).toMatchObject({ keyNamespace: "openai:usage:moderations", model: "omni-moderation-latest", requests: 5 });
    expect(record!.tokens.uncachedInputTokens).toBe(812);
  });

  it("maps images as a count of images, with source and size as identity", () => {
    const mapped = mapFixture(openaiUsageMapper, IMAGES);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped.map((skip) => skip.row)).toEqual([5, 9]);
    expect(mapped.records).toHaveLength(7);
    expect(unitSum(mapped.records)).toBe(columnSum(IMAGES, "images").toFixed());
    expect(requestSum(mapped.records)).toBe(columnSum(IMAGES, "num_model_requests").toNumber());
    expect(mapped.records[0]).toMatchObject({
      keyNamespace: "openai:usage:images",
      otherUnits: "40",
      otherUnit: "images",
      model: "dall-e-3",
      identity: [null, "image.generation", "1024x1024"],
    });
    expect(mapped.records.every((record) => Object.values(record.tokens).every((count) => count === 0))).toBe(true);
  });

  it("maps audio transcriptions as seconds", () => {
    const mapped = mapFixture(openaiUsageMapper, TRANSCRIPTIONS);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped.map((skip) => skip.row)).toEqual([4, 9]);
    expect(mapped.records).toHaveLength(7);
    expect(unitSum(mapped.records)).toBe(columnSum(TRANSCRIPTIONS, "seconds").toFixed());
    expect(requestSum(mapped.records)).toBe(columnSum(TRANSCRIPTIONS, "num_model_requests").toNumber());
    for (const record of mapped.records) expect(record).toMatchObject({ keyNamespace: "openai:usage:audio_transcriptions", otherUnit: "seconds" });
  });

  it("maps audio speeches as characters", () => {
    const [record] = records({ ...BUCKET, model: "tts-1", characters: "10342.0" });
    expect(record).toMatchObject({ keyNamespace: "openai:usage:audio_speeches", otherUnits: "10342", otherUnit: "characters", requests: 5 });
  });
});
