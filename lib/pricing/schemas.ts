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

export const OverrideInputSchema = z
  .object({
    provider: z.string().trim().min(1, "Pick a provider."),
    model: z.string().trim().max(200).default(""),
    serviceTier: z.enum(["", ...SERVICE_TIERS]).default(""),
    kind: z.enum(["price", "discount"]),
    tokenType: z.enum(TOKEN_TYPES).nullish(),
    pricePerMillion: decimal("A price per million tokens, e.g. 2.5").nullish(),
    discountPercent: z
      .string()
      .trim()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, "A percentage, e.g. 12.5")
      .refine((value) => Number(value) > 0 && Number(value) < 100, "Between 0 and 100.")
      .nullish(),
    validFrom: isoDay,
    validTo: isoDay.nullish(),
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
