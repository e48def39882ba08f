import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { focusMapper } from "@/lib/ingest/formats/focus";
import { mapFixture, readFixture } from "@/lib/ingest/formats/map-fixture";

const SAMPLES = path.resolve(import.meta.dirname, "../../../test/samples");
const sample = (name: string) => path.join(SAMPLES, name);

/** Sums a column straight from the CSV, independently of the mapper. */
function columnSum(file: string, column: string, where: (row: Record<string, string>) => boolean = () => true): string {
  return readFixture(file)
    .rows.filter(where)
    .reduce((sum, row) => sum.plus(row[column] === "NULL" ? 0 : row[column]!), new Decimal(0))
    .toFixed();
}

function sum(values: (string | null)[]): string {
  return values.reduce((total, value) => total.plus(value ?? 0), new Decimal(0)).toFixed();
}

describe("FOCUS mapper", () => {
  it("detects FOCUS 1.0, 1.2 and the 1.3 draft headers", () => {
    for (const file of ["focus-1.0-official/focus_sample.csv", "focus-1.2-spec-examples/virtual_currency_pricing_model_a1.csv", "focus-draft-ai-examples/ai_prompt_caching_a.csv"]) {
      expect(focusMapper.detect(readFixture(sample(file)).headers), file).toBeGreaterThan(0.5);
    }
    expect(focusMapper.detect(["date", "model", "cost"])).toBe(0);
  });

  it("maps the official FOCUS 1.0 sample: every row, NULL literals, space-separated datetimes, exact totals per provider", () => {
    const file = sample("focus-1.0-official/focus_sample.csv");
    const mapped = mapFixture(focusMapper, file);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records).toHaveLength(1000);
    const byProvider = (provider: string) => sum(mapped.records.filter((record) => record.provider === provider).map((record) => record.billedCost));
    expect(byProvider("aws")).toBe(columnSum(file, "BilledCost", (row) => row.ProviderName === "AWS"));
    expect(byProvider("microsoft")).toBe(columnSum(file, "BilledCost", (row) => row.ProviderName === "Microsoft"));
    expect(byProvider("oracle")).toBe(columnSum(file, "BilledCost", (row) => row.ProviderName === "Oracle"));
    const first = mapped.records[0]!;
    expect(first.periodStart.toISOString()).toBe("2024-09-18T22:00:00.000Z");
    expect(first.periodEnd.toISOString()).toBe("2024-09-18T23:00:00.000Z");
    expect(first).toMatchObject({ service: "Amazon Simple Queue Service", otherUnits: "2", otherUnit: "Requests", chargeCategory: "usage", model: null });
    expect(mapped.records.filter((record) => record.chargeCategory === "credit")).toHaveLength(1);
  });

  it("reads the UTF-8 BOM and M/D/YY dates of the FOCUS 1.2 examples", () => {
    const mapped = mapFixture(focusMapper, sample("focus-1.2-spec-examples/virtual_currency_pricing_model_a1.csv"));
    expect(mapped.invalid).toEqual([]);
    const purchase = mapped.records.find((record) => record.chargeCategory === "purchase")!;
    expect(purchase.billedCost).toBe("200000");
    expect(purchase.periodStart.toISOString()).toBe("2025-04-01T00:00:00.000Z");
    expect(purchase.periodEnd.toISOString()).toBe("2026-04-01T00:00:00.000Z");
  });

  it("puts draft AI token rows into exclusive buckets with the model id", () => {
    const mapped = mapFixture(focusMapper, sample("focus-draft-ai-examples/ai_prompt_caching_a.csv"));
    expect(mapped.invalid).toEqual([]);
    const tokens = Object.fromEntries(
      mapped.records.map((record) => [Object.entries(record.tokens).find(([, count]) => count > 0)?.[0] ?? "none", record]),
    );
    expect(Object.keys(tokens).sort()).toEqual(["cacheReadInputTokens", "cacheWrite5mInputTokens", "outputTokens", "uncachedInputTokens"]);
    expect(tokens.cacheReadInputTokens!.tokens.cacheReadInputTokens).toBe(8_000_000);
    expect(tokens.uncachedInputTokens!.tokens.uncachedInputTokens).toBe(500_000);
    for (const record of mapped.records) {
      expect(record.model).toBe("solora-reasoning-pro");
      expect(record.provider).toBe("solora-ai");
    }
  });

  it("keeps context-cache storage as non-token units and recognises a cached-input meter without a cache action", () => {
    const mapped = mapFixture(focusMapper, sample("focus-draft-ai-examples/ai_prompt_caching_b.csv"));
    expect(mapped.invalid).toEqual([]);
    const storage = mapped.records.find((record) => record.otherUnit === "Token-Hours")!;
    expect(storage.otherUnits).toBe("6000000");
    expect(Object.values(storage.tokens).every((count) => count === 0)).toBe(true);
    expect(mapped.records.find((record) => record.tokens.cacheReadInputTokens > 0)?.tokens.cacheReadInputTokens).toBe(8_000_000);
  });

  it("keeps a commitment purchase and its zero-cost drawdown usage", () => {
    const file = sample("focus-draft-ai-examples/drawdown_via_prepayment_frontier_model_api.csv");
    const mapped = mapFixture(focusMapper, file);
    expect(mapped.invalid).toEqual([]);
    expect(sum(mapped.records.map((record) => record.billedCost))).toBe(columnSum(file, "BilledCost"));
    expect(mapped.records.map((record) => record.chargeCategory).sort()).toEqual(["purchase", "usage", "usage"]);
  });

  it("names the column and value of a bad row", () => {
    const outcome = focusMapper.map(
      { BilledCost: "abc", BillingCurrency: "XYZ", ChargePeriodStart: "yesterday", ChargePeriodEnd: "2025-01-02T00:00:00Z", ChargeCategory: "Usage", ProviderName: "AWS" },
      { rowNumber: 7, now: new Date() },
    );
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind !== "invalid") return;
    expect(outcome.issues.map((issue) => `${issue.column}=${issue.value}`).sort()).toEqual(["BilledCost=abc", "BillingCurrency=XYZ", "ChargePeriodStart=yesterday"]);
  });
});

describe("Microsoft's FOCUS export", () => {
  const file = path.resolve(import.meta.dirname, "fixtures/azure-focus.csv");

  it("reads Azure OpenAI meters as tokens (1K blocks) and keeps the VM as spend", () => {
    const mapped = mapFixture(focusMapper, file);
    expect(mapped.invalid).toEqual([]);
    const ai = mapped.records.filter((record) => record.provider === "azure-openai");
    expect(ai.map((record) => [record.model, Object.entries(record.tokens).filter(([, count]) => count > 0)])).toEqual([
      ["gpt-4o", [["uncachedInputTokens", 1_843_291]]],
      ["gpt-4o", [["outputTokens", 212_447]]],
      ["gpt-4o", [["cacheReadInputTokens", 250_000]]],
    ]);
    const vm = mapped.records.find((record) => record.provider === "microsoft")!;
    expect(vm).toMatchObject({ service: "Virtual Machines", otherUnits: "24", otherUnit: "Hours", billedCost: "96" });
    expect(sum(mapped.records.map((record) => record.billedCost))).toBe(columnSum(file, "BilledCost"));
  });
});
