import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { anthropicCostsMapper } from "@/lib/ingest/formats/anthropic-costs";
import { mapFixture, readFixture } from "@/lib/ingest/formats/map-fixture";
import type { NormalizedUsage, Row } from "@/lib/ingest/types";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const FILE = fixture("anthropic-costs.csv");
const OTHER_FORMATS = [
  "anthropic-usage.csv",
  "openai-costs.csv",
  "openai-usage-completions.csv",
  "openai-usage-embeddings.csv",
  "openai-usage-images.csv",
  "openai-usage-audio-transcriptions.csv",
].map(fixture);
const FOCUS = path.resolve(import.meta.dirname, "../../../test/samples/focus-1.0-official/focus_sample.csv");

/** Sums a column straight from the CSV, independently of the mapper. */
function columnSum(column: string, where: (row: Record<string, string>) => boolean = () => true): string {
  return readFixture(FILE)
    .rows.filter(where)
    .reduce((sum, row) => sum.plus(row[column] || 0), new Decimal(0))
    .toFixed();
}

function costSum(records: NormalizedUsage[]): string {
  return records.reduce((total, record) => total.plus(record.billedCost ?? 0), new Decimal(0)).toFixed();
}

const context = { rowNumber: 1, now: new Date("2026-11-29T00:00:00Z") };
const row = (cells: Row): Row => ({
  usage_date_utc: "2026-02-09",
  model: "Claude Haiku 4.5",
  workspace: "Default",
  api_key: "demo-key",
  usage_type: "message",
  context_window: "≤ 200k",
  token_type: "output",
  cost_usd: "0.02",
  list_price_usd: "0.02",
  cost_type: "token",
  inference_geo: "not_available",
  speed: "",
  api_key_id: "apikey_01AAA",
  api_key_status: "active",
  ...cells,
});

describe("Anthropic Console cost export mapper", () => {
  it("detects its own header and no other format's", () => {
    expect(anthropicCostsMapper.detect(readFixture(FILE).headers)).toBe(1);
    for (const file of [...OTHER_FORMATS, FOCUS]) expect(anthropicCostsMapper.detect(readFixture(file).headers), file).toBe(0);
    // The export before api_key_id and api_key_status were added.
    expect(anthropicCostsMapper.detect(readFixture(FILE).headers.slice(0, 12))).toBeGreaterThan(0.8);
  });

  it("maps every row and totals exactly what the CSV says, in dollars", () => {
    const mapped = mapFixture(anthropicCostsMapper, FILE);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped).toEqual([]);
    expect(mapped.records).toHaveLength(22);
    expect(costSum(mapped.records)).toBe(columnSum("cost_usd"));
    for (const workspace of ["Support", "Research", "Claude Code", "Default"]) {
      expect(costSum(mapped.records.filter((record) => record.project === workspace)), workspace).toBe(
        columnSum("cost_usd", (source) => source.workspace === workspace),
      );
    }
    for (const record of mapped.records) {
      expect(record).toMatchObject({ provider: "anthropic", keyNamespace: "anthropic:costs", currency: "USD", chargeCategory: "usage", requests: 0 });
      expect(Object.values(record.tokens).every((count) => count === 0)).toBe(true);
    }
  });

  it("turns display names into model ids", () => {
    const models = mapFixture(anthropicCostsMapper, FILE).records.map((record) => `${record.modelRaw} → ${record.model}`);
    expect(new Set(models)).toEqual(
      new Set([
        "Claude Sonnet 4.5 → claude-sonnet-4-5",
        "Claude Haiku 4.5 → claude-haiku-4-5",
        "Claude Opus 4.1 → claude-opus-4-1",
        "Claude Opus 4.6 → claude-opus-4-6",
        "Claude Sonnet 4 → claude-sonnet-4",
        "Claude Haiku 3.5 → claude-haiku-3-5",
      ]),
    );
    expect(costSum(mapFixture(anthropicCostsMapper, FILE).records.filter((record) => record.model === "claude-opus-4-1"))).toBe(
      columnSum("cost_usd", (source) => source.model === "Claude Opus 4.1"),
    );
  });

  it("keeps one record per token type: the token type is identity", () => {
    const mapped = mapFixture(anthropicCostsMapper, FILE);
    const research = mapped.records.filter((record) => record.project === "Research");
    expect(research.map((record) => record.identity[0])).toEqual([
      "input_no_cache",
      "input_cache_write_5m",
      "input_cache_write_1h",
      "input_cache_read",
      "output",
      null,
    ]);
    expect(research[5]).toMatchObject({ billedCost: "0.14", identity: [null, "web_search", null, "not_available", null, "message"] });
    const keys = mapped.records.map((record) => JSON.stringify([record.periodStart, record.model, record.serviceTier, record.project, record.apiKey, record.identity]));
    expect(new Set(keys).size).toBe(mapped.records.length);
  });

  it("prefers api_key_id for the key, reads batch from usage_type and a date as that UTC day", () => {
    const mapped = mapFixture(anthropicCostsMapper, FILE);
    const first = mapped.records[0]!;
    expect(first).toMatchObject({ apiKey: "apikey_01Rj2N8SVvo6BePZj99NhmiT", project: "Support", billedCost: "0.55266", serviceTier: "standard" });
    expect(first.identity).toEqual(["input_no_cache", "token", "0-200k", "not_available", null, "message"]);
    expect(first.periodStart.toISOString()).toBe("2026-02-09T00:00:00.000Z");
    expect(first.periodEnd.toISOString()).toBe("2026-02-10T00:00:00.000Z");
    const haiku = mapped.records.filter((record) => record.model === "claude-haiku-4-5");
    expect(haiku.map((record) => record.serviceTier)).toEqual(["batch", "batch"]);
    // No api_key_id: the key's name; no key at all (Console use): null.
    expect(mapped.records[18]!.apiKey).toBe("legacy-classifier");
    expect(mapped.records[20]!.apiKey).toBeNull();
    expect(mapped.records[19]!.billedCost).toBe("0");
  });

  it("makes a negative charge a credit", () => {
    const outcome = anthropicCostsMapper.map(row({ cost_usd: "-1.50" }), context);
    expect(outcome).toMatchObject({ kind: "records", records: [{ billedCost: "-1.5", chargeCategory: "credit" }] });
  });

  it("names the column and value of a bad cost and a bad date", () => {
    const outcome = anthropicCostsMapper.map(row({ usage_date_utc: "2026-02-30", cost_usd: "0,02" }), context);
    expect(outcome).toEqual({
      kind: "invalid",
      issues: [
        { column: "usage_date_utc", value: "2026-02-30", reason: "is not a date this importer reads (ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)" },
        { column: "cost_usd", value: "0,02", reason: "is not a number (use a dot as the decimal separator)" },
      ],
    });
    expect(anthropicCostsMapper.map(row({ cost_usd: "" }), context)).toMatchObject({
      kind: "invalid",
      issues: [{ column: "cost_usd", reason: "is empty but required" }],
    });
  });
});
