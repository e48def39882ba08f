import { z } from "zod";

// The what-if simulator's input and answer. The same input travels in the page's URL (a GET form, so a result can
// be shared) and in the body of POST /api/v1/what-if. Safe to import from client components.

export const WhatIfInputSchema = z
  .object({
    workflowId: z.string().trim().min(1).max(200).optional().meta({ description: "The workflow whose volume to reprice (or teamId)." }),
    teamId: z.string().trim().min(1).max(200).optional().meta({ description: "The team whose volume to reprice, sub-teams included (or workflowId)." }),
    provider: z.string().trim().min(1, "Choose the target model's provider.").max(50).meta({ description: "The target model's provider: openai, anthropic, aws-bedrock, ..." }),
    model: z.string().trim().min(1, "Choose a target model.").max(200).meta({ description: "The target model, as the catalog names it (a dated id such as gpt-4o-2024-08-06 reads as its model)." }),
    cacheHitShare: z
      .number({ error: "Give the expected cache-hit share as a number from 0 to 100." })
      .min(0, "The cache-hit share is a percentage from 0 to 100.")
      .max(100, "The cache-hit share is a percentage from 0 to 100.")
      .meta({ description: "Expected share of input tokens read from the prompt cache, in percent (0–100)." }),
  })
  .refine((input) => Boolean(input.workflowId) !== Boolean(input.teamId), { message: "Choose one workflow or one team.", path: ["workflowId"] });
export type WhatIfInput = z.output<typeof WhatIfInputSchema>;

const money = z.string().meta({ description: "Decimal string in the organization's reporting currency, to the cent." });
const count = z.string().meta({ description: "A whole number, as a string." });

export const WhatIfAnswerSchema = z
  .object({
    scope: z.object({ kind: z.enum(["workflow", "team"]), id: z.string(), name: z.string() }),
    window: z.object({ from: z.string(), to: z.string() }).meta({ description: "The last 30 days in the organization's time zone, today included (the explorer's “Last 30 days”)." }),
    currency: z.string(),
    current: z.object({
      cost: money,
      requests: count,
      inputTokens: count.meta({ description: "Uncached input, cache reads and cache writes." }),
      outputTokens: count,
      cacheReadShare: z.string().meta({ description: "Cache reads as a percentage of input tokens, one decimal." }),
      byModel: z.array(z.object({ provider: z.string(), model: z.string(), cost: money, requests: count, inputTokens: count, outputTokens: count })),
    }),
    projected: z.object({
      provider: z.string(),
      model: z.string(),
      cost: money,
      cacheHitShare: z.string(),
      pricePerMillion: z
        .object({ uncachedInput: z.string(), cacheRead: z.string().nullable(), output: z.string() })
        .meta({ description: "The prices used, per million tokens in the reporting currency (after the organization's contract prices). cacheRead null: the model has no cache price; cached input is priced as uncached." }),
    }),
    difference: z.object({ amount: money.meta({ description: "Projected minus today's cost." }), percent: z.string().nullable().meta({ description: "One decimal; null when today's cost is zero." }) }),
    basis: z.string().meta({ description: "How the figures were computed, in a sentence or two." }),
  })
  .meta({ id: "WhatIf" });
export type WhatIfAnswer = z.infer<typeof WhatIfAnswerSchema>;

/** What the form offers: the workflows and teams the caller may simulate, and the target models. */
export type WhatIfChoices = {
  workflows: { id: string; name: string; teamName: string | null }[];
  teams: { id: string; name: string }[];
  models: { provider: string; model: string }[];
};

/** The page's form state in the URL: `scope` ("workflow:<id>" or "team:<id>"), `model` ("provider/model"), `cache` (percent). */
export type WhatIfSearch = { scope: string; model: string; cache: string };

export function whatIfSearchOf(params: Record<string, string | string[] | undefined>): WhatIfSearch {
  const first = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
  };
  return { scope: first("scope"), model: first("model"), cache: first("cache") };
}

/** The API input a submitted form stands for; null while the form is not filled in (the page then shows no result). */
export function whatIfInputOf(search: WhatIfSearch): unknown {
  if (!search.scope || !search.model) return null;
  const [kind, ...rest] = search.scope.split(":");
  const id = rest.join(":");
  const slash = search.model.indexOf("/");
  // An empty share is 0 %; anything else that is not a number stays what it is, for the schema to refuse by name.
  const share = search.cache === "" ? 0 : /^\d+(\.\d+)?$/.test(search.cache) ? Number(search.cache) : search.cache;
  return {
    ...(kind === "team" ? { teamId: id } : { workflowId: id }),
    provider: slash > 0 ? search.model.slice(0, slash) : "",
    model: slash > 0 ? search.model.slice(slash + 1) : search.model,
    cacheHitShare: share,
  };
}
