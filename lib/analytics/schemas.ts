import { z } from "zod";

// The explorer's query: what to group by, filter on, measure, over which days and at which granularity. The same
// shape travels in the URL (the view is shareable), the API query string and the CSV export. Safe to import from
// client components.

export const DIMENSIONS = ["team", "workflow", "model", "provider", "service_tier", "project", "api_key", "provider_user", "token_type"] as const;
export type FixedDimension = (typeof DIMENSIONS)[number];
/** A fixed dimension, or a tag key: "tag:env". */
export type Dimension = FixedDimension | `tag:${string}`;

export const DIMENSION_LABELS: Record<FixedDimension, string> = {
  team: "Team",
  workflow: "Workflow",
  model: "Model",
  provider: "Provider",
  service_tier: "Service tier",
  project: "Project",
  api_key: "API key",
  provider_user: "Provider user",
  token_type: "Token type",
};

export const dimensionLabel = (dimension: Dimension) => (dimension.startsWith("tag:") ? `Tag ${dimension.slice(4)}` : DIMENSION_LABELS[dimension as FixedDimension]);

export const METRICS = [
  "effective",
  "billed",
  "estimated",
  "tokens",
  "uncached_input_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "output_tokens",
  "requests",
  "cost_per_1k_requests",
  "cost_per_1m_tokens",
] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABELS: Record<Metric, string> = {
  effective: "Spend (billed, else estimated)",
  billed: "Billed cost",
  estimated: "Estimated cost",
  tokens: "Tokens",
  uncached_input_tokens: "Uncached input tokens",
  cache_read_tokens: "Cache read tokens",
  cache_write_tokens: "Cache write tokens",
  output_tokens: "Output tokens",
  requests: "Requests",
  cost_per_1k_requests: "Cost per 1,000 requests",
  cost_per_1m_tokens: "Cost per million tokens",
};

export const MONEY_METRICS: ReadonlySet<Metric> = new Set(["effective", "billed", "estimated", "cost_per_1k_requests", "cost_per_1m_tokens"]);
/** Ratios: their total is computed from the totals, not summed from the rows. */
export const RATIO_METRICS: ReadonlySet<Metric> = new Set(["cost_per_1k_requests", "cost_per_1m_tokens"]);
/** Metrics a token-type split makes sense for. */
export const TOKEN_METRICS: ReadonlySet<Metric> = new Set(["tokens"]);

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const PRESETS = ["7d", "30d", "90d", "mtd", "last_month", "12m"] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  mtd: "Month to date",
  last_month: "Last month",
  "12m": "Last 12 months",
};

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");

const dimension = z
  .string()
  .trim()
  .refine((value) => (DIMENSIONS as readonly string[]).includes(value) || /^tag:[^\s,]{1,100}$/.test(value), {
    message: `A dimension is one of ${DIMENSIONS.join(", ")}, or tag:<key>.`,
  })
  .transform((value) => value as Dimension);

export const ExplorerQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    /** Up to two dimensions (the table's rows); none: one total row. */
    groupBy: z.array(dimension).max(2, "Group by at most two dimensions.").default([]),
    /** Per dimension, the values to keep (OR within one, AND across). "" is "none" (e.g. unattributed). */
    filters: z.record(z.string(), z.array(z.string().max(300)).max(200)).default({}),
    metric: z.enum(METRICS).default("effective"),
    granularity: z.enum(GRANULARITIES).default("day"),
    compare: z.boolean().default(true),
  })
  .refine((query) => query.from <= query.to, { message: "from must not be after to.", path: ["to"] })
  .refine((query) => Object.keys(query.filters).every((key) => dimension.safeParse(key).success), {
    message: `Filter on ${DIMENSIONS.join(", ")}, or tag:<key>.`,
    path: ["filters"],
  })
  .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 <= 3 * 366, { message: "Ask for at most three years at once.", path: ["to"] })
  .refine((query) => !query.groupBy.includes("token_type") || TOKEN_METRICS.has(query.metric), {
    message: "Token type splits tokens, not cost: choose the Tokens metric.",
    path: ["groupBy"],
  });
export type ExplorerQuery = z.output<typeof ExplorerQuerySchema>;
export type ExplorerQueryInput = z.input<typeof ExplorerQuerySchema>;

export type GroupValue = { value: string | null; label: string };

export type ExplorerRow = {
  /** Stable key of the group (its values joined): what colors and drill-downs key on. */
  key: string;
  group: GroupValue[];
  value: string;
  previous: string | null;
  /** (value − previous) / previous as a decimal string; null without a previous value. */
  change: string | null;
};

export type ExplorerResult = {
  query: ExplorerQuery;
  previousRange: { from: string; to: string } | null;
  /** Which table answered: the daily rollups, the detailed rollups, or the ledger facts (tags). */
  source: "rollup" | "detail" | "ledger";
  /** Money is in this currency (the organization's reporting currency). */
  currency: string;
  /** Limited to the manager's teams. */
  scopedToTeams: string[] | null;
  rows: ExplorerRow[];
  total: { value: string; previous: string | null; change: string | null };
  /** Time series for the chart: per bucket start, the value per row key. */
  buckets: { start: string; values: Record<string, string> }[];
  truncated: boolean;
};

/** The date range of a preset, in the organization's days (today = the org-local date). */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const minus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const first = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
  switch (preset) {
    case "7d":
      return { from: minus(6), to: today };
    case "30d":
      return { from: minus(29), to: today };
    case "90d":
      return { from: minus(89), to: today };
    case "mtd":
      return { from: first(year, month), to: today };
    case "last_month": {
      const start = new Date(Date.UTC(year, month - 2, 1));
      const end = new Date(Date.UTC(year, month - 1, 0));
      return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
    }
    case "12m":
      // This month and the eleven before it.
      return { from: new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10), to: today };
  }
}

/** The range just before, of the same length: what "compared with the previous period" compares with. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(start - days * 86_400_000), to: day(start - 86_400_000) };
}
