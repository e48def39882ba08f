import { z } from "zod";

export const SPEND_DIMENSIONS = ["provider", "model", "team", "workflow", "day", "month", "service_tier", "project", "api_key"] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];
/** Dimensions the daily rollups carry; the others need the facts. */
export const ROLLUP_DIMENSIONS: ReadonlySet<SpendDimension> = new Set(["provider", "model", "team", "workflow", "day", "month", "service_tier"]);

export const SPEND_METRICS = ["billed", "estimated", "effective", "list"] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");

export const SpendQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    groupBy: z
      .string()
      .default("")
      .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.enum(SPEND_DIMENSIONS, { error: `groupBy takes a comma list of: ${SPEND_DIMENSIONS.join(", ")}.` })).max(4, "Group by at most 4 dimensions."))
      .transform((dimensions) => [...new Set(dimensions)]),
    metric: z.enum(SPEND_METRICS, { error: "metric is billed, estimated, effective or list." }).default("effective"),
    /** Convert every amount to this currency (the organization's reporting currency) at the charge date's rate. */
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "currency is a three-letter code, e.g. EUR.")
      .optional(),
  })
  .refine((query) => query.from <= query.to, { message: "from must not be after to.", path: ["to"] })
  .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 <= 3 * 366, { message: "Ask for at most three years at once.", path: ["to"] });
export type SpendQuery = z.output<typeof SpendQuerySchema>;

const TokensSchema = z.object({
  uncachedInput: z.number(),
  cacheRead: z.number(),
  cacheWrite5m: z.number(),
  cacheWrite1h: z.number(),
  output: z.number(),
  reasoning: z.number(),
});

export const SpendRowSchema = z.object({
  group: z.record(z.string(), z.string().nullable()).describe("The group's value per dimension (null = none, e.g. unattributed)"),
  labels: z.record(z.string(), z.string().nullable()).describe("Readable names (team and workflow names)"),
  currency: z.string(),
  /** Decimal string. */
  cost: z.string(),
  records: z.number(),
  tokens: TokensSchema,
  requests: z.number(),
});
export type SpendRow = z.infer<typeof SpendRowSchema>;

export const SpendResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  metric: z.enum(SPEND_METRICS),
  groupBy: z.array(z.enum(SPEND_DIMENSIONS)),
  source: z.enum(["rollup", "ledger"]),
  convertedTo: z.string().nullable().describe("The currency every amount was converted to, at each charge date's rate; null: amounts in their own currencies"),
  rows: z.array(SpendRowSchema),
  totals: z.array(SpendRowSchema.omit({ group: true, labels: true })),
});
export type SpendResponse = z.infer<typeof SpendResponseSchema>;
