import { describe, expect, it } from "vitest";
import { colorOf, colorsFor, NONE_COLOR, NONE_KEY, OTHER_COLOR, OTHER_KEY, PALETTE, stackedSeries } from "@/lib/charts/prepare";

const row = (key: string, value: string) => ({ key, group: [{ value: key, label: key.toUpperCase() }], value, previous: null, change: null });

describe("chart data", () => {
  it("gives an entity the same color wherever it appears, from the palette", () => {
    expect(colorOf("team-support")).toBe(colorOf("team-support"));
    expect(PALETTE).toContain(colorOf("anything"));
    expect(colorOf(OTHER_KEY)).toBe(OTHER_COLOR);
    // Many keys spread over the palette rather than all landing on one color.
    expect(new Set(Array.from({ length: 60 }, (_, index) => colorOf(`key-${index}`))).size).toBeGreaterThan(8);
  });

  it("gives the series of one chart different colors, the same for the same set of entities", () => {
    const keys = Array.from({ length: 12 }, (_, index) => `provider-${index}`);
    const colors = colorsFor(keys);
    expect(new Set(colors.values()).size).toBe(12);
    expect(colorsFor([...keys].reverse())).toEqual(colors);
    // Alone, an entity keeps its own color.
    expect(colorsFor(["team-support"]).get("team-support")).toBe(colorOf("team-support"));
    expect(colorsFor([OTHER_KEY, "a"]).get(OTHER_KEY)).toBe(OTHER_COLOR);
    expect(colorsFor([NONE_KEY, "a"]).get(NONE_KEY)).toBe(NONE_COLOR);
  });

  it("stacks the largest groups and sums the rest as Other, keeping exact money beside the plotted numbers", () => {
    const result: Parameters<typeof stackedSeries>[0] = {
      rows: [row("a", "30.10"), row("b", "20.20"), row("c", "0.000001"), row("d", "0.3")],
      buckets: [
        { start: "2026-11-01", values: { a: "10.05", b: "20.2", c: "0.000001" } as Record<string, string> },
        { start: "2026-11-02", values: { a: "20.05", d: "0.3" } as Record<string, string> },
      ],
    };
    const { series, data } = stackedSeries(result, 2);
    expect(series.map((entry) => entry.key)).toEqual(["a", "b", OTHER_KEY]);
    expect(series[2]!.label).toBe("Other (2)");
    expect(data[0]).toMatchObject({ bucket: "2026-11-01", a: 10.05, b: 20.2, [OTHER_KEY]: 0.000001, exact: { a: "10.05", b: "20.2", [OTHER_KEY]: "0.000001" }, total: "30.250001" });
    expect(data[1]).toMatchObject({ a: 20.05, b: 0, [OTHER_KEY]: 0.3, exact: { [OTHER_KEY]: "0.3" }, total: "20.35" });
  });
});
