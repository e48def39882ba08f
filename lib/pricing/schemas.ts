import { z } from "zod";
import { CurrencySchema } from "@/lib/orgs/schemas";

// Shared by the prices and exchange-rates pages and the API. Safe to import from client components.

export const TOKEN_TYPES = ["uncachedInput", "cacheRead", "cacheWrite5m", "cacheWrite1h", "output"] as const;
export const TOKEN_TYPE_LABELS: Record<(typeof TOKEN_TYPES)[number], string> = {
  uncachedInput: "Input",
  cacheRead: "Cache read",
  cacheWrite5m: "Cache write (5 min)",
  cacheWrite1h: "Cache write (1 h)",
  output: "Output",
};
export const SERVICE_TIERS = ["standard", "batch", "flex", "priority"] as const;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");
const decimal = (message: string) => z.string().trim().regex(/^\d+(\.\d{1,12})?$/, message);
/** An optional form field: absent, null or "" all mean "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(""), schema]).nullish();

export const OverrideInputSchema = z
  .object({
    provider: z.string().trim().min(1, "Pick a provider."),
    model: z.string().trim().max(200).default(""),
    serviceTier: z.enum(["", ...SERVICE_TIERS]).default(""),
    kind: z.enum(["price", "discount"]),
    tokenType: z.enum(TOKEN_TYPES).nullish(),
    pricePerMillion: optional(decimal("A price per million tokens, e.g. 2.5")),
    discountPercent: optional(
      z
        .string()
        .trim()
        .regex(/^\d{1,3}(\.\d{1,4})?$/, "A percentage, e.g. 12.5")
        .refine((value) => Number(value) > 0 && Number(value) < 100, "Between 0 and 100."),
    ),
    validFrom: isoDay,
    validTo: optional(isoDay),
    note: z.string().trim().max(300).nullish(),
  })
  .superRefine((value, context) => {
    if (value.kind === "price") {
      if (!value.model) context.addIssue({ code: "custom", path: ["model"], message: "A contract price is for one model." });
      if (!value.tokenType) context.addIssue({ code: "custom", path: ["tokenType"], message: "Pick the token type." });
      if (!value.pricePerMillion) context.addIssue({ code: "custom", path: ["pricePerMillion"], message: "Enter the price per million tokens." });
    } else if (!value.discountPercent) {
      context.addIssue({ code: "custom", path: ["discountPercent"], message: "Enter the discount." });
    }
    if (value.validTo && value.validTo <= value.validFrom) context.addIssue({ code: "custom", path: ["validTo"], message: "Must be after the start." });
  });
export type OverrideInput = z.input<typeof OverrideInputSchema>;

export const MapModelSchema = z.object({
  provider: z.string().trim().min(1),
  /** The model name as the usage spells it. */
  alias: z.string().trim().min(1).max(300),
  /** The catalog model it is. */
  model: z.string().trim().min(1).max(200),
  /** Re-rate the organization's records from this day (default: 13 months back) to today. */
  rerateFrom: isoDay.nullish(),
});

export const RerateSchema = z.object({ from: isoDay, to: isoDay }).refine((value) => value.from <= value.to, { message: "from must not be after to.", path: ["to"] });

export const ExchangeRateInputSchema = z.object({
  currency: CurrencySchema,
  day: isoDay,
  rate: z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,12})?$/, "A positive decimal, e.g. 1.0812")
    .refine((value) => Number(value) > 0, "Must be above zero."),
});
export type ExchangeRateInput = z.input<typeof ExchangeRateInputSchema>;

// Responses (the OpenAPI document is generated from these).

const money = z.string().describe("Decimal string");
const perMillion = money.nullable().describe("Price per million tokens, decimal string; null: no price for this token type");

export const PriceSchema = z.object({
  provider: z.string(),
  model: z.string(),
  serviceTier: z.string(),
  contextTier: z.string().describe('"" or e.g. "above_200k"'),
  uncachedInput: perMillion,
  cacheRead: perMillion,
  cacheWrite5m: perMillion,
  cacheWrite1h: perMillion,
  output: perMillion,
  unit: z.string().nullable(),
  unitPrice: money.nullable(),
  currency: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable().describe("Exclusive; null: still valid"),
  current: z.boolean(),
  source: z.string(),
  checkedAt: z.string(),
  origin: z.string().describe('"shipped" (with the app) or "import" (from a price list)'),
});
export type PriceView = z.infer<typeof PriceSchema>;

export const OverrideSchema = z.object({
  id: z.string(),
  provider: z.string(),
  model: z.string().describe('"" for every model of the provider'),
  serviceTier: z.string(),
  tokenType: z.enum(TOKEN_TYPES).nullable(),
  pricePerMillion: money.nullable(),
  discountPercent: money.nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  note: z.string().nullable(),
});
export type OverrideView = z.infer<typeof OverrideSchema>;

export const AliasSchema = z.object({ id: z.string(), provider: z.string(), alias: z.string(), model: z.string(), createdAt: z.string() });
export type AliasView = z.infer<typeof AliasSchema>;

export const UnpricedSchema = z.object({
  provider: z.string(),
  model: z.string().nullable(),
  records: z.number(),
  tokens: z.number(),
  firstDay: z.string(),
  lastDay: z.string(),
});
export type UnpricedRow = z.infer<typeof UnpricedSchema>;

const RerateTotalsSchema = z.record(z.string(), z.object({ estimated: money, list: money, unpricedRecords: z.number() })).describe("Per currency");

export const RerateRunSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(["pending", "running", "completed", "failed"]),
  recordsTotal: z.number(),
  recordsDone: z.number(),
  recordsChanged: z.number(),
  before: RerateTotalsSchema.nullable(),
  after: RerateTotalsSchema.nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RerateView = z.infer<typeof RerateRunSchema>;

export const ExchangeRateSchema = z.object({ fromCurrency: z.string(), toCurrency: z.string(), day: z.string(), rate: money });
export type RateView = z.infer<typeof ExchangeRateSchema>;

export const MissingRateSchema = z.object({ currency: z.string(), firstDay: z.string() });

const PriceListEntrySchema = z.object({
  provider: z.string(),
  model: z.string(),
  serviceTier: z.string(),
  contextTier: z.string(),
  uncachedInput: perMillion,
  cacheRead: perMillion,
  cacheWrite5m: perMillion,
  cacheWrite1h: perMillion,
  output: perMillion,
});

export const PriceListImportSchema = z.object({
  applied: z.boolean(),
  effectiveFrom: z.string(),
  entries: z.number().describe("Priced entries read from the file"),
  skippedModels: z.number().describe("Entries skipped: other providers or modes, or no token prices"),
  ignoredKeys: z.array(z.string()).describe("Keys not used for pricing"),
  diff: z.object({
    added: z.array(PriceListEntrySchema),
    changed: z.array(z.object({ before: PriceListEntrySchema, after: PriceListEntrySchema })),
    unchanged: z.number(),
  }),
});
