import {
  GRANULARITIES,
  METRICS,
  PRESETS,
  presetRange,
  type Dimension,
  type ExplorerQueryInput,
  type Granularity,
  type Metric,
  type Preset,
} from "@/lib/analytics/schemas";

// The explorer's whole state as URL search parameters, so a shared link shows the same view:
//   range=30d | range=custom&from=2026-01-01&to=2026-01-31, groupBy=team,model, metric, granularity, compare=0,
//   and one `filter` per dimension: filter=team:id1|id2 (values URL-encoded, so "|" and ":" inside them are safe).
// Pure: the page writes the URL with toSearchParams, the server reads it back with fromSearchParams.

export type ExplorerView = {
  range: Preset | "custom";
  from: string | null;
  to: string | null;
  groupBy: Dimension[];
  filters: Partial<Record<Dimension, string[]>>;
  metric: Metric;
  granularity: Granularity;
  compare: boolean;
};

export const DEFAULT_VIEW: ExplorerView = { range: "30d", from: null, to: null, groupBy: ["team"], filters: {}, metric: "effective", granularity: "day", compare: true };

export function toSearchParams(view: ExplorerView): URLSearchParams {
  const params = new URLSearchParams();
  params.set("range", view.range);
  if (view.range === "custom") {
    if (view.from) params.set("from", view.from);
    if (view.to) params.set("to", view.to);
  }
  params.set("groupBy", view.groupBy.join(","));
  for (const [dimension, values] of Object.entries(view.filters) as [Dimension, string[]][]) {
    if (values.length) params.append("filter", `${dimension}:${values.map(encodeURIComponent).join("|")}`);
  }
  params.set("metric", view.metric);
  params.set("granularity", view.granularity);
  if (!view.compare) params.set("compare", "0");
  return params;
}

/** Unknown or broken values fall back to the defaults rather than failing: a hand-edited link still opens. */
export function fromSearchParams(params: URLSearchParams): ExplorerView {
  const range = params.get("range");
  const metric = params.get("metric");
  const granularity = params.get("granularity");
  const filters: Partial<Record<Dimension, string[]>> = {};
  for (const entry of params.getAll("filter")) {
    const at = entry.indexOf(":", entry.startsWith("tag:") ? 4 : 0);
    if (at <= 0) continue;
    const dimension = entry.slice(0, at) as Dimension;
    const values = entry.slice(at + 1).split("|").map((value) => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    });
    filters[dimension] = [...(filters[dimension] ?? []), ...values];
  }
  const groupBy = params.get("groupBy");
  return {
    range: range === "custom" || (PRESETS as readonly string[]).includes(range ?? "") ? (range as Preset | "custom") : DEFAULT_VIEW.range,
    from: params.get("from"),
    to: params.get("to"),
    groupBy: groupBy === null ? DEFAULT_VIEW.groupBy : (groupBy.split(",").filter(Boolean) as Dimension[]),
    filters,
    metric: (METRICS as readonly string[]).includes(metric ?? "") ? (metric as Metric) : DEFAULT_VIEW.metric,
    granularity: (GRANULARITIES as readonly string[]).includes(granularity ?? "") ? (granularity as Granularity) : DEFAULT_VIEW.granularity,
    compare: params.get("compare") !== "0",
  };
}

/** The engine's query for a view, with a preset resolved against the organization's today. */
export function queryOf(view: ExplorerView, today: string): ExplorerQueryInput {
  const range = view.range === "custom" && view.from && view.to ? { from: view.from, to: view.to } : presetRange(view.range === "custom" ? "30d" : view.range, today);
  return { ...range, groupBy: view.groupBy, filters: view.filters as Record<string, string[]>, metric: view.metric, granularity: view.granularity, compare: view.compare };
}
