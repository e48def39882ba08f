import Decimal from "decimal.js";
import type { ExplorerResult } from "@/lib/analytics/schemas";

// Data for charts, prepared by pure functions (recharts only draws): stable colors per entity, a stacked series of
// the largest groups plus "Other", and the exact decimal strings kept beside the plotted numbers so tooltips and
// the table alternative show money exactly. Numbers are used only for drawing.

/** Twelve hues distinct from each other on white (Tableau 10's, darkened where too light, and two more). */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#3d9991", "#59a14f", "#c9a227", "#b07aa1", "#e377c2", "#9c755f", "#4f46e5", "#0f766e", "#be123c"] as const;
export const OTHER_COLOR = "#94a3b8";
/** "None" (unattributed spend, no model …) is the same dark gray everywhere: a gap to close, not an entity. */
export const NONE_COLOR = "#334155";
/** The explorer's key of a group whose value is none (lib/analytics/explore.ts). */
export const NONE_KEY = "\u0000";

/** The same entity gets the same color on every chart and every page (a hash of its key, not its rank). */
export function colorOf(key: string): string {
  if (key === OTHER_KEY) return OTHER_COLOR;
  if (key === NONE_KEY) return NONE_COLOR;
  return PALETTE[slotOf(key)]!;
}

function slotOf(key: string): number {
  let hash = 2166136261;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % PALETTE.length;
}

/**
 * Colors for the entities of one chart: each its own color (colorOf) unless another entity of the chart has it
 * already, then the next free one, so no two series of a chart share a color. Keys are placed in sorted order:
 * the same set of entities always gets the same colors.
 */
export function colorsFor(keys: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const key of [...new Set(keys)].sort()) {
    if (key === OTHER_KEY || key === NONE_KEY) {
      colors.set(key, colorOf(key));
      continue;
    }
    let slot = slotOf(key);
    for (let probe = 0; probe < PALETTE.length && taken.has(slot); probe++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    colors.set(key, PALETTE[slot]!);
  }
  return colors;
}

export const OTHER_KEY = "__other__";

export type StackSeries = { key: string; label: string; color: string };
/** One bar per bucket: plotted numbers under each series key, exact strings under `exact`. */
export type StackDatum = { bucket: string; exact: Record<string, string>; total: string } & Record<string, number | string | Record<string, string>>;

/** The largest `limit` groups as their own series, the rest summed as "Other", per time bucket. */
export function stackedSeries(result: Pick<ExplorerResult, "rows" | "buckets">, limit = 8): { series: StackSeries[]; data: StackDatum[] } {
  const top = result.rows.slice(0, limit);
  const rest = new Set(result.rows.slice(limit).map((row) => row.key));
  const colors = colorsFor(top.map((row) => row.key));
  const series: StackSeries[] = top.map((row) => ({ key: row.key, label: row.group.map((cell) => cell.label).join(" · ") || "Total", color: colors.get(row.key)! }));
  if (rest.size) series.push({ key: OTHER_KEY, label: `Other (${rest.size})`, color: OTHER_COLOR });
  const data = result.buckets.map((bucket) => {
    const exact: Record<string, string> = {};
    let other = new Decimal(0);
    let total = new Decimal(0);
    for (const [key, value] of Object.entries(bucket.values)) {
      total = total.plus(value);
      if (rest.has(key)) other = other.plus(value);
      else exact[key] = value;
    }
    if (rest.size) exact[OTHER_KEY] = other.toFixed();
    const datum: StackDatum = { bucket: bucket.start, exact, total: total.toFixed() };
    for (const entry of series) datum[entry.key] = Number(exact[entry.key] ?? 0);
    return datum;
  });
  return { series, data };
}

/** Short axis labels: "$1.2k", "3.4M". */
export function compactNumber(value: number, currency?: string): string {
  const text = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return currency ? `${currency === "USD" ? "$" : `${currency} `}${text}` : text;
}
