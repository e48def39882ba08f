import { z } from "zod";
import { OrgNameSchema, OrgSlugSchema } from "@/lib/auth/schemas";

export const TIME_ZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf("currency");

export const TimeZoneSchema = z.string().refine((zone) => TIME_ZONES.includes(zone), "Pick a time zone from the list.");
export const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => CURRENCIES.includes(code), "Use an ISO 4217 currency code such as USD or EUR.");

export const OrganizationUpdateSchema = z.object({
  name: OrgNameSchema,
  timeZone: TimeZoneSchema,
  currency: CurrencySchema,
});
export type OrganizationUpdate = z.infer<typeof OrganizationUpdateSchema>;

export const NewOrganizationSchema = z.object({
  name: OrgNameSchema,
  slug: OrgSlugSchema,
  timeZone: TimeZoneSchema.default("UTC"),
  currency: CurrencySchema.default("USD"),
});
export type NewOrganization = z.input<typeof NewOrganizationSchema>;

export const OrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  currency: z.string(),
});
