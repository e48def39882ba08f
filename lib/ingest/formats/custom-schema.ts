import { z } from "zod";

// The column mapping an admin builds for an unknown CSV. Safe to import from client components.

const column = z.string().trim().min(1).max(200);

export const CustomMappingSchema = z.object({
  date: column.describe("Column with the date or start time"),
  periodEnd: column.nullish(),
  /** With only a date column: the period each row covers. */
  granularity: z.enum(["day", "hour"]).default("day"),
  provider: z.object({ column: column.nullish(), value: z.string().trim().min(1).max(100).nullish() }).refine((provider) => provider.column || provider.value, {
    message: "Pick the provider column or type the provider.",
  }),
  model: column.nullish(),
  serviceTier: column.nullish(),
  project: column.nullish(),
  apiKey: column.nullish(),
  providerUser: column.nullish(),
  tokens: z
    .object({
      uncachedInputTokens: column.nullish(),
      cacheReadInputTokens: column.nullish(),
      cacheWrite5mInputTokens: column.nullish(),
      cacheWrite1hInputTokens: column.nullish(),
      outputTokens: column.nullish(),
      reasoningTokens: column.nullish(),
    })
    .default({}),
  /** The input column also counts cached tokens (OpenAI style): subtract the cache columns from it. */
  inputIncludesCached: z.boolean().default(false),
  requests: column.nullish(),
  cost: column.nullish(),
  currency: z.object({ column: column.nullish(), value: z.string().trim().length(3).toUpperCase().nullish() }).default({ value: "USD" }),
  team: column.nullish(),
  workflow: column.nullish(),
  tags: z.array(column).max(20).default([]),
});
export type CustomMapping = z.input<typeof CustomMappingSchema>;

export const SaveMappingSchema = z.object({
  name: z.string().trim().min(1, "Name the mapping.").max(100),
  headers: z.array(z.string()).min(1),
  mapping: CustomMappingSchema,
});
