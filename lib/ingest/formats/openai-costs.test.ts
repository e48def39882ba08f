import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { mapFixture, readFixture } from "@/lib/ingest/formats/map-fixture";
import { openaiCostsMapper } from "@/lib/ingest/formats/openai-costs";
import type { NormalizedUsage } from "@/lib/ingest/types";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const FILE = fixture("openai-costs.csv");
const OTHER_FORMATS = [
  "openai-usage-completions.csv",
  "openai-usage-embeddings.csv",
  "openai-usage-images.csv",
  "openai-usage-audio-transcriptions.csv",
  "anthropic-usage.csv",
  "anthropic-costs.csv",
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
const goodRow = {
  start_time: "1762128000",
  end_time: "1762214400",
  start_time_iso: "2025-11-03T00:00:00+00:00",
  end_time_iso: "2025-11-04T00:00:00+00:00",
  amount_value: "0.25",
  amount_currency: "usd",
  line_item: "gpt-4o-2024-08-06, input",
  project_id: "proj_abc",
  organization_id: "org-abc",
  organization_name: "Acme",
};

describe("OpenAI cost export mapper", () => {
  it("detects its own header and no other format's", () => {
    expect(openaiCostsMapper.detect(readFixture(FILE).headers)).toBe(1);
    for (const file of [...OTHER_FORMATS, FOCUS]) expect(openaiCostsMapper.detect(readFixture(file).headers), file).toBe(0);
  });

  it("maps every cost line of the CRLF fixture and skips the empty daily buckets", () => {
    const mapped = mapFixture(openaiCostsMapper, FILE);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.skipped).toEqual([
      { row: 8, reason: "empty" },
      { row: 14, reason: "empty" },
      { row: 20, reason: "empty" },
    ]);
    expect(mapped.records).toHaveLength(17);
    for (const record of mapped.records) {
      expect(record).toMatchObject({ provider: "openai", currency: "USD", keyNamespace: "openai:costs", requests: 0, estimatedCost: null });
      expect(Object.values(record.tokens).every((count) => count === 0)).toBe(true);
    }
  });

  it("totals exactly what the CSV says, overall and per project, in currency units", () => {
    const mapped = mapFixture(openaiCostsMapper, FILE);
    expect(costSum(mapped.records)).toBe(columnSum("amount_value"));
    // Summed by hand: 2.519434 on Nov 3, 0.912788 − 5 (the credit) on Nov 5, 10.6447 on Nov 7.
    expect(costSum(mapped.records)).toBe("9.076922");
    for (const project of ["proj_Kx81TfWm2QbN0sLpVj4cRa3d", "proj_9hZcE2uYtR5wA7mPqL1nXo6B"]) {
      expect(costSum(mapped.records.filter((record) => record.project === project)), project).toBe(
        columnSum("amount_value", (row) => row.project_id === project),
      );
    }
  });

  it("makes a negative amount a credit", () => {
    const mapped = mapFixture(openaiCostsMapper, FILE);
    const credits = mapped.records.filter((record) => record.chargeCategory === "credit");
    expect(credits).toHaveLength(1);
    expect(credits[0]).toMatchObject({ billedCost: "-5", project: null, model: null, identity: ["Promotional credit"] });
    expect(costSum(credits)).toBe(columnSum("amount_value", (row) => (row.amount_value ?? "").startsWith("-")));
    expect(mapped.records.filter((record) => record.chargeCategory === "usage")).toHaveLength(16);
  });

  it("takes the model from a line item and keeps the whole line item as identity", () => {
    const mapped = mapFixture(openaiCostsMapper, FILE);
    const first = mapped.records[0]!;
    expect(first.periodStart.toISOString()).toBe("2025-11-03T00:00:00.000Z");
    expect(first.periodEnd.toISOString()).toBe("2025-11-04T00:00:00.000Z");
    expect(first).toMatchObject({
      modelRaw: "gpt-4o-2024-08-06",
      model: "gpt-4o-2024-08-06",
      identity: ["gpt-4o-2024-08-06, input"],
      billedCost: "0.895874",
      project: "proj_Kx81TfWm2QbN0sLpVj4cRa3d",
    });
    const byLineItem = (lineItem: string) => mapped.records.find((record) => record.identity[0] === lineItem)!;
    expect(byLineItem("gpt-4.1-mini-2025-04-14, output").model).toBe("gpt-4.1-mini-2025-04-14");
    expect(byLineItem("Image models")).toMatchObject({ modelRaw: null, model: null });
    expect(byLineItem("web search")).toMatchObject({ modelRaw: null, model: null });
  });

  it("gives the input, cached input and output lines of one day and project different keys", () => {
    const mapped = mapFixture(openaiCostsMapper, FILE);
    const keys = mapped.records.map((record) => JSON.stringify([record.periodStart, record.project, record.model, record.identity]));
    expect(new Set(keys).size).toBe(mapped.records.length);
  });

  it("falls back to the ISO columns and rejects a row whose two timestamps disagree", () => {
    const isoOnly = openaiCostsMapper.map({ ...goodRow, start_time: "", end_time: "" }, context);
    expect(isoOnly.kind === "records" && isoOnly.records[0]!.periodStart.toISOString()).toBe("2025-11-03T00:00:00.000Z");
    const outcome = openaiCostsMapper.map({ ...goodRow, start_time_iso: "2025-11-02T00:00:00+00:00" }, context);
    expect(outcome).toEqual({
      kind: "invalid",
      issues: [{ column: "start_time_iso", value: "2025-11-02T00:00:00+00:00", reason: "disagrees with start_time (1762128000)" }],
    });
  });

  it("names the column and value of each bad cell", () => {
    const outcome = openaiCostsMapper.map({ ...goodRow, start_time: "yesterday", amount_value: "0,25", amount_currency: "dollars" }, context);
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.issues.map((issue) => `${issue.column}=${issue.value}`)).toEqual([
      "start_time=yesterday",
      "amount_value=0,25",
      "amount_currency=dollars",
    ]);
  });
});
