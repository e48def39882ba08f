import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIMENSIONS, GRANULARITIES, METRICS, PRESETS, presetRange, previousRange } from "@/lib/analytics/schemas";
import { DEFAULT_VIEW, fromSearchParams, queryOf, toSearchParams, type ExplorerView } from "@/lib/analytics/url";

describe("the explorer's URL state", () => {
  it("round-trips any view through the URL, whatever the filter values hold", () => {
    const value = fc.string({ minLength: 1, maxLength: 30 });
    const dimension = fc.oneof(fc.constantFrom(...DIMENSIONS), fc.stringMatching(/^[a-z][a-z0-9_.-]{0,20}$/).map((key) => `tag:${key}` as const));
    const view = fc.record({
      range: fc.constantFrom(...PRESETS, "custom" as const),
      groupBy: fc.uniqueArray(dimension, { maxLength: 2 }),
      filters: fc.dictionary(dimension, fc.array(fc.oneof(value, fc.constant("")), { minLength: 1, maxLength: 4 })),
      metric: fc.constantFrom(...METRICS),
      granularity: fc.constantFrom(...GRANULARITIES),
      compare: fc.boolean(),
    });
    fc.assert(
      fc.property(view, (generated) => {
        const full: ExplorerView = { ...generated, from: generated.range === "custom" ? "2026-01-01" : null, to: generated.range === "custom" ? "2026-01-31" : null } as ExplorerView;
        const url = `/acme/explorer?${toSearchParams(full).toString()}`;
        const back = fromSearchParams(new URL(url, "http://localhost").searchParams);
        expect(back).toEqual(full);
      }),
    );
  });

  it("opens a broken or empty link with the defaults", () => {
    expect(fromSearchParams(new URLSearchParams(""))).toEqual(DEFAULT_VIEW);
    expect(fromSearchParams(new URLSearchParams("metric=colour&granularity=hour&range=forever")).metric).toBe("effective");
  });

  it("resolves presets against the organization's today", () => {
    expect(presetRange("30d", "2026-11-29")).toEqual({ from: "2026-10-31", to: "2026-11-29" });
    expect(presetRange("mtd", "2026-11-29")).toEqual({ from: "2026-11-01", to: "2026-11-29" });
    expect(presetRange("last_month", "2026-03-15")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetRange("12m", "2026-11-29")).toEqual({ from: "2025-12-01", to: "2026-11-29" });
    expect(presetRange("12m", "2026-01-10")).toEqual({ from: "2025-02-01", to: "2026-01-10" });
    expect(previousRange("2026-11-01", "2026-11-30")).toEqual({ from: "2026-10-02", to: "2026-10-31" });
    expect(queryOf({ ...DEFAULT_VIEW, range: "custom", from: "2026-01-01", to: "2026-01-31" }, "2026-11-29")).toMatchObject({ from: "2026-01-01", to: "2026-01-31" });
  });
});
