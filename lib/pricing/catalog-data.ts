// The shipped price catalog: public list prices (USD per million tokens, as exact decimal strings) for OpenAI,
// Anthropic, Gemini on Vertex AI, Amazon Bedrock and Azure OpenAI, each row with its source and the date it was checked.
//
// Data: LiteLLM's model price map, `model_prices_and_context_window.json` in BerriAI/litellm at commit
// 00035b69f416be24e2e323c13198d9b7d2d1bdf9 (MIT License, Copyright (c) 2023 Berri AI). LiteLLM prices are USD per
// token; each was converted by hand to USD per million tokens (3e-06 → "3", 1.25e-07 → "0.125"). A few rows come
// from the providers' own pages instead, and say so in `source`. The commit date of that snapshot is not known here,
// so `checkedAt` is the date it was read (2026-11-29); its content predates OpenAI's 2026-07-30 GPT-5.6 price cuts,
// which is why the GPT-5.6 family is left out.
//
// Conventions:
// - `validFrom`: the date a documented price change took effect; otherwise the model's release (the snapshot date in
//   its dated id, or the announced release date). Cloud resellers may have listed a model days later, which is harmless:
//   there is no usage to price before a model is available. Dates not documented in a source are marked "approximate".
// - Service-tier rows (batch, flex, priority) and long-context rows share the standard row's `validFrom`.
// - LiteLLM lists no cached-input price for the batch tier; batch `cacheRead` values below are the standard cached
//   price × 0.5 (the providers' published batch discount, BATCH_MULTIPLIER), marked "derived".
// - Amazon Bedrock rows are the in-region / global prices. Geographic cross-region profiles (us., eu., au., jp.) of
//   Claude 4.5 and later cost 10 % more; they are not separate rows because the normalizer drops the region prefix.
// - Azure OpenAI rows are Global Standard deployment prices; Data Zone and Regional deployments cost about 10 % more.
// - Anthropic rows have no batch rows (LiteLLM has no `_batches` keys for them): Anthropic's Message Batches API is
//   50 % off every token type, which BATCH_MULTIPLIER applies.

export type CatalogTokenPrices = {
  uncachedInput: string; // USD per million tokens, decimal string
  cacheRead?: string; // cached input / cache hit
  cacheWrite5m?: string; // Anthropic 5-minute cache write (LiteLLM cache_creation_input_token_cost); OpenAI has none
  cacheWrite1h?: string; // Anthropic 1-hour cache write (cache_creation_input_token_cost_above_1hr)
  output: string;
};

export type CatalogPrice = {
  provider: "openai" | "anthropic" | "gcp-vertex" | "aws-bedrock" | "azure-openai";
  model: string; // canonical id, as lib/ingest/model-names.ts produces it
  serviceTier: "standard" | "batch" | "flex" | "priority";
  contextTier: "" | "above_200k" | "above_128k" | "above_272k"; // "" = the base tier
  perMillion: CatalogTokenPrices;
  perUnit?: { unit: "image" | "second" | "character" | "search" | "request"; price: string }; // only where the model is priced per unit
  validFrom: string; // YYYY-MM-DD
  validTo?: string; // YYYY-MM-DD, exclusive; only for superseded prices
  source: string; // URL of the source (the LiteLLM file URL at the commit read, or the provider page)
  checkedAt: string; // YYYY-MM-DD: the date of the source version read
};

export type CatalogAlias = { alias: string; provider?: CatalogPrice["provider"]; model: string };

type Provider = CatalogPrice["provider"];
type RowDetails = Partial<Pick<CatalogPrice, "serviceTier" | "contextTier" | "perUnit" | "validTo" | "source" | "checkedAt">>;

const LITELLM_SOURCE = "https://github.com/BerriAI/litellm/blob/00035b69f416be24e2e323c13198d9b7d2d1bdf9/model_prices_and_context_window.json";
/** OpenAI's Priority processing price table (it differs from LiteLLM for GPT-5.5). */
const OPENAI_PRIORITY_PAGE = "https://openai.com/api-priority-processing/";
/** The o3 price cut of 2025-06-10 ($10/$40 → $2/$8), as applied by Langfuse on the day. */
const O3_PRICE_CUT_SOURCE = "https://github.com/langfuse/langfuse/pull/7223";
/** LiteLLM's fix of azure/o3 to the cut price (old entry: $10 input, $2.50 cached, $40 output). */
const AZURE_O3_PRICE_CUT_SOURCE = "https://github.com/BerriAI/litellm/pull/11937";
const CHECKED_AT = "2026-11-29";

function price(provider: Provider, model: string, validFrom: string, perMillion: CatalogTokenPrices, details: RowDetails = {}): CatalogPrice {
  return { provider, model, serviceTier: "standard", contextTier: "", perMillion, validFrom, source: LITELLM_SOURCE, checkedAt: CHECKED_AT, ...details };
}

const openai = (model: string, validFrom: string, perMillion: CatalogTokenPrices, details?: RowDetails) => price("openai", model, validFrom, perMillion, details);
const anthropic = (model: string, validFrom: string, perMillion: CatalogTokenPrices, details?: RowDetails) => price("anthropic", model, validFrom, perMillion, details);
const vertex = (model: string, validFrom: string, perMillion: CatalogTokenPrices, details?: RowDetails) => price("gcp-vertex", model, validFrom, perMillion, details);
const bedrock = (model: string, validFrom: string, perMillion: CatalogTokenPrices, details?: RowDetails) => price("aws-bedrock", model, validFrom, perMillion, details);
const azure = (model: string, validFrom: string, perMillion: CatalogTokenPrices, details?: RowDetails) => price("azure-openai", model, validFrom, perMillion, details);

const BATCH: RowDetails = { serviceTier: "batch" };
const FLEX: RowDetails = { serviceTier: "flex" };
const PRIORITY: RowDetails = { serviceTier: "priority" };

export const CATALOG: readonly CatalogPrice[] = [
  // ── OpenAI (direct API) ───────────────────────────────────────────────────────────────────────────────────────
  // gpt-4o: the alias pointed at gpt-4o-2024-05-13 ($5/$15) until OpenAI re-pointed it to gpt-4o-2024-08-06 ($2.50/$10).
  // The re-point date, 2024-10-02, is from OpenAI's changelog and is not in the stored sources (approximate); the
  // pricing page still listed gpt-4o at $5/$15 on 2024-09-20 (promptfoo/promptfoo PR 1728). Old prices: LiteLLM's
  // gpt-4o-2024-05-13 entry.
  openai("gpt-4o", "2024-05-13", { uncachedInput: "5", output: "15" }, { validTo: "2024-10-02" }),
  openai("gpt-4o", "2024-05-13", { uncachedInput: "2.5", output: "7.5" }, { ...BATCH, validTo: "2024-10-02" }),
  openai("gpt-4o", "2024-10-02", { uncachedInput: "2.5", cacheRead: "1.25", output: "10" }),
  openai("gpt-4o", "2024-10-02", { uncachedInput: "1.25", cacheRead: "0.625", output: "5" }, BATCH), // cacheRead derived
  openai("gpt-4o", "2024-10-02", { uncachedInput: "4.25", cacheRead: "2.125", output: "17" }, PRIORITY),
  // The first snapshot keeps its launch price under its own id.
  openai("gpt-4o-2024-05-13", "2024-05-13", { uncachedInput: "5", output: "15" }),
  openai("gpt-4o-2024-05-13", "2024-05-13", { uncachedInput: "2.5", output: "7.5" }, BATCH),
  openai("gpt-4o-2024-05-13", "2024-05-13", { uncachedInput: "8.75", output: "26.25" }, PRIORITY),
  openai("gpt-4o-mini", "2024-07-18", { uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" }),
  openai("gpt-4o-mini", "2024-07-18", { uncachedInput: "0.075", cacheRead: "0.0375", output: "0.3" }, BATCH), // cacheRead derived
  openai("gpt-4o-mini", "2024-07-18", { uncachedInput: "0.25", cacheRead: "0.125", output: "1" }, PRIORITY),
  openai("gpt-4.1", "2025-04-14", { uncachedInput: "2", cacheRead: "0.5", output: "8" }),
  openai("gpt-4.1", "2025-04-14", { uncachedInput: "1", cacheRead: "0.25", output: "4" }, BATCH), // cacheRead derived
  openai("gpt-4.1", "2025-04-14", { uncachedInput: "3.5", cacheRead: "0.875", output: "14" }, PRIORITY),
  openai("gpt-4.1-mini", "2025-04-14", { uncachedInput: "0.4", cacheRead: "0.1", output: "1.6" }),
  openai("gpt-4.1-mini", "2025-04-14", { uncachedInput: "0.2", cacheRead: "0.05", output: "0.8" }, BATCH), // cacheRead derived
  openai("gpt-4.1-mini", "2025-04-14", { uncachedInput: "0.7", cacheRead: "0.175", output: "2.8" }, PRIORITY),
  openai("gpt-4.1-nano", "2025-04-14", { uncachedInput: "0.1", cacheRead: "0.025", output: "0.4" }),
  openai("gpt-4.1-nano", "2025-04-14", { uncachedInput: "0.05", cacheRead: "0.0125", output: "0.2" }, BATCH), // cacheRead derived
  openai("gpt-4.1-nano", "2025-04-14", { uncachedInput: "0.2", cacheRead: "0.05", output: "0.8" }, PRIORITY),
  openai("o1", "2024-12-17", { uncachedInput: "15", cacheRead: "7.5", output: "60" }),
  openai("o1-pro", "2025-03-19", { uncachedInput: "150", output: "600" }),
  openai("o1-pro", "2025-03-19", { uncachedInput: "75", output: "300" }, BATCH),
  // o3: launched at $10/$40, cut 80 % on 2025-06-10.
  openai("o3", "2025-04-16", { uncachedInput: "10", cacheRead: "2.5", output: "40" }, { validTo: "2025-06-10", source: O3_PRICE_CUT_SOURCE }),
  openai("o3", "2025-06-10", { uncachedInput: "2", cacheRead: "0.5", output: "8" }),
  openai("o3", "2025-06-10", { uncachedInput: "1", cacheRead: "0.25", output: "4" }, FLEX),
  openai("o3", "2025-06-10", { uncachedInput: "3.5", cacheRead: "0.875", output: "14" }, PRIORITY),
  openai("o3-mini", "2025-01-31", { uncachedInput: "1.1", cacheRead: "0.55", output: "4.4" }),
  openai("o3-pro", "2025-06-10", { uncachedInput: "20", output: "80" }),
  openai("o3-pro", "2025-06-10", { uncachedInput: "10", output: "40" }, BATCH),
  openai("o4-mini", "2025-04-16", { uncachedInput: "1.1", cacheRead: "0.275", output: "4.4" }),
  openai("o4-mini", "2025-04-16", { uncachedInput: "0.55", cacheRead: "0.1375", output: "2.2" }, FLEX),
  openai("o4-mini", "2025-04-16", { uncachedInput: "2", cacheRead: "0.5", output: "8" }, PRIORITY),
  openai("codex-mini-latest", "2025-05-16", { uncachedInput: "1.5", cacheRead: "0.375", output: "6" }), // date approximate
  openai("gpt-5", "2025-08-07", { uncachedInput: "1.25", cacheRead: "0.125", output: "10" }),
  openai("gpt-5", "2025-08-07", { uncachedInput: "0.625", cacheRead: "0.0625", output: "5" }, FLEX),
  openai("gpt-5", "2025-08-07", { uncachedInput: "2.5", cacheRead: "0.25", output: "20" }, PRIORITY),
  openai("gpt-5-mini", "2025-08-07", { uncachedInput: "0.25", cacheRead: "0.025", output: "2" }),
  openai("gpt-5-mini", "2025-08-07", { uncachedInput: "0.125", cacheRead: "0.0125", output: "1" }, FLEX),
  openai("gpt-5-mini", "2025-08-07", { uncachedInput: "0.45", cacheRead: "0.045", output: "3.6" }, PRIORITY),
  // gpt-5-nano: LiteLLM has only an input priority price (2.5e-06, the gpt-5 figure) and no output one; not used.
  openai("gpt-5-nano", "2025-08-07", { uncachedInput: "0.05", cacheRead: "0.005", output: "0.4" }),
  openai("gpt-5-nano", "2025-08-07", { uncachedInput: "0.025", cacheRead: "0.0025", output: "0.2" }, FLEX),
  openai("gpt-5-pro", "2025-10-06", { uncachedInput: "15", output: "120" }),
  openai("gpt-5-pro", "2025-10-06", { uncachedInput: "7.5", output: "60" }, BATCH),
  openai("gpt-5.1", "2025-11-13", { uncachedInput: "1.25", cacheRead: "0.125", output: "10" }),
  openai("gpt-5.1", "2025-11-13", { uncachedInput: "2.5", cacheRead: "0.25", output: "20" }, PRIORITY),
  openai("gpt-5.2", "2025-12-11", { uncachedInput: "1.75", cacheRead: "0.175", output: "14" }),
  openai("gpt-5.2", "2025-12-11", { uncachedInput: "3.5", cacheRead: "0.35", output: "28" }, PRIORITY),
  openai("gpt-5.4", "2026-03-05", { uncachedInput: "2.5", cacheRead: "0.25", output: "15" }),
  openai("gpt-5.4", "2026-03-05", { uncachedInput: "5", cacheRead: "0.5", output: "22.5" }, { contextTier: "above_272k" }),
  openai("gpt-5.4", "2026-03-05", { uncachedInput: "1.25", cacheRead: "0.125", output: "7.5" }, BATCH), // cacheRead derived
  // The flex cached price is 1.3e-07 in LiteLLM (not 0.125); kept as the source has it.
  openai("gpt-5.4", "2026-03-05", { uncachedInput: "1.25", cacheRead: "0.13", output: "7.5" }, FLEX),
  openai("gpt-5.4", "2026-03-05", { uncachedInput: "5", cacheRead: "0.5", output: "30" }, PRIORITY),
  openai("gpt-5.4-mini", "2026-03-17", { uncachedInput: "0.75", cacheRead: "0.075", output: "4.5" }),
  openai("gpt-5.4-mini", "2026-03-17", { uncachedInput: "0.375", cacheRead: "0.0375", output: "2.25" }, BATCH), // cacheRead derived
  openai("gpt-5.4-mini", "2026-03-17", { uncachedInput: "0.375", cacheRead: "0.0375", output: "2.25" }, FLEX),
  openai("gpt-5.4-mini", "2026-03-17", { uncachedInput: "1.5", cacheRead: "0.15", output: "9" }, PRIORITY),
  openai("gpt-5.4-nano", "2026-03-17", { uncachedInput: "0.2", cacheRead: "0.02", output: "1.25" }),
  openai("gpt-5.4-nano", "2026-03-17", { uncachedInput: "0.1", cacheRead: "0.01", output: "0.625" }, BATCH), // cacheRead derived
  openai("gpt-5.4-nano", "2026-03-17", { uncachedInput: "0.1", cacheRead: "0.01", output: "0.625" }, FLEX),
  openai("gpt-5.5", "2026-04-23", { uncachedInput: "5", cacheRead: "0.5", output: "30" }),
  openai("gpt-5.5", "2026-04-23", { uncachedInput: "10", cacheRead: "1", output: "45" }, { contextTier: "above_272k" }),
  openai("gpt-5.5", "2026-04-23", { uncachedInput: "2.5", cacheRead: "0.25", output: "15" }, BATCH), // cacheRead derived
  openai("gpt-5.5", "2026-04-23", { uncachedInput: "2.5", cacheRead: "0.25", output: "15" }, FLEX),
  // LiteLLM says $10/$1/$60; OpenAI's Priority page says $12.50/$1.25/$75. The provider page wins.
  openai("gpt-5.5", "2026-04-23", { uncachedInput: "12.5", cacheRead: "1.25", output: "75" }, { ...PRIORITY, source: OPENAI_PRIORITY_PAGE }),
  openai("gpt-4-turbo", "2024-04-09", { uncachedInput: "10", output: "30" }),
  openai("gpt-4", "2023-03-14", { uncachedInput: "30", output: "60" }),
  // gpt-3.5-turbo at the gpt-3.5-turbo-0125 price; earlier snapshots cost more (date approximate).
  openai("gpt-3.5-turbo", "2024-01-25", { uncachedInput: "0.5", output: "1.5" }),
  openai("text-embedding-3-small", "2024-01-25", { uncachedInput: "0.02", output: "0" }),
  openai("text-embedding-3-small", "2024-01-25", { uncachedInput: "0.01", output: "0" }, BATCH),
  openai("text-embedding-3-large", "2024-01-25", { uncachedInput: "0.13", output: "0" }),
  openai("text-embedding-3-large", "2024-01-25", { uncachedInput: "0.065", output: "0" }, BATCH),
  openai("text-embedding-ada-002", "2022-12-15", { uncachedInput: "0.1", output: "0" }),
  // Priced per unit, not per token: tts-1 per input character, dall-e-3 per standard 1024×1024 image (other sizes
  // and HD quality cost more).
  openai("tts-1", "2023-11-06", { uncachedInput: "0", output: "0" }, { perUnit: { unit: "character", price: "0.000015" } }),
  openai("dall-e-3", "2023-11-06", { uncachedInput: "0", output: "0" }, { perUnit: { unit: "image", price: "0.04" } }),
  // whisper-1 per second of audio ($0.006 a minute).
  openai("whisper-1", "2023-03-01", { uncachedInput: "0", output: "0" }, { perUnit: { unit: "second", price: "0.0001" } }),

  // ── Anthropic (direct API) ────────────────────────────────────────────────────────────────────────────────────
  // The web search tool, whatever the model: $10 per 1,000 searches (the usage export's web_search_count).
  anthropic("web-search", "2025-05-07", { uncachedInput: "0", output: "0" }, { perUnit: { unit: "search", price: "0.01" }, source: "https://docs.claude.com/en/docs/agents-and-tools/tool-use/web-search-tool" }),
  // Opus 4.5 cut the Opus tier from $15/$75 to $5/$25. That is a new model id, not a change to claude-opus-4-1,
  // so both keep one open-ended row each.
  anthropic("claude-opus-4-7", "2026-04-16", { uncachedInput: "5", cacheRead: "0.5", cacheWrite5m: "6.25", cacheWrite1h: "10", output: "25" }),
  anthropic("claude-opus-4-6", "2026-02-05", { uncachedInput: "5", cacheRead: "0.5", cacheWrite5m: "6.25", cacheWrite1h: "10", output: "25" }),
  anthropic("claude-opus-4-5", "2025-11-01", { uncachedInput: "5", cacheRead: "0.5", cacheWrite5m: "6.25", cacheWrite1h: "10", output: "25" }),
  anthropic("claude-opus-4-1", "2025-08-05", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", cacheWrite1h: "30", output: "75" }),
  anthropic("claude-opus-4", "2025-05-14", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", cacheWrite1h: "30", output: "75" }),
  // Release date from third-party reports (approximate); the id has no date.
  anthropic("claude-sonnet-4-6", "2026-02-17", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  anthropic("claude-sonnet-4-5", "2025-09-29", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  anthropic("claude-sonnet-4-5", "2025-09-29", { uncachedInput: "6", cacheRead: "0.6", cacheWrite5m: "7.5", cacheWrite1h: "12", output: "22.5" }, { contextTier: "above_200k" }),
  anthropic("claude-sonnet-4", "2025-05-14", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  // No 1-hour write price above 200k in the source.
  anthropic("claude-sonnet-4", "2025-05-14", { uncachedInput: "6", cacheRead: "0.6", cacheWrite5m: "7.5", output: "22.5" }, { contextTier: "above_200k" }),
  anthropic("claude-3-7-sonnet", "2025-02-19", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  anthropic("claude-haiku-4-5", "2025-10-01", { uncachedInput: "1", cacheRead: "0.1", cacheWrite5m: "1.25", cacheWrite1h: "2", output: "5" }),
  // LiteLLM's 1-hour write price for the Claude 3 models (6e-06 for both) is evidently wrong; left out.
  anthropic("claude-3-haiku", "2024-03-07", { uncachedInput: "0.25", cacheRead: "0.03", cacheWrite5m: "0.3", output: "1.25" }),
  anthropic("claude-3-opus", "2024-02-29", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", output: "75" }),

  // ── Google Gemini on Vertex AI ────────────────────────────────────────────────────────────────────────────────
  vertex("gemini-2.5-pro", "2025-06-17", { uncachedInput: "1.25", cacheRead: "0.125", output: "10" }),
  vertex("gemini-2.5-pro", "2025-06-17", { uncachedInput: "2.5", cacheRead: "0.25", output: "15" }, { contextTier: "above_200k" }),
  vertex("gemini-2.5-flash", "2025-06-17", { uncachedInput: "0.3", cacheRead: "0.03", output: "2.5" }),
  vertex("gemini-2.5-flash-lite", "2025-07-22", { uncachedInput: "0.1", cacheRead: "0.01", output: "0.4" }),
  // LiteLLM's unversioned "gemini-2.0-flash" carries the AI Studio price ($0.10/$0.40); "gemini-2.0-flash-001"
  // carries the Vertex one, used here.
  vertex("gemini-2.0-flash", "2025-02-05", { uncachedInput: "0.15", cacheRead: "0.0375", output: "0.6" }),
  vertex("gemini-2.0-flash-lite", "2025-02-25", { uncachedInput: "0.075", cacheRead: "0.01875", output: "0.3" }),
  vertex("gemini-3-pro-preview", "2025-11-18", { uncachedInput: "2", cacheRead: "0.2", output: "12" }),
  vertex("gemini-3-pro-preview", "2025-11-18", { uncachedInput: "4", cacheRead: "0.4", output: "18" }, { contextTier: "above_200k" }),
  vertex("gemini-3-pro-preview", "2025-11-18", { uncachedInput: "1", cacheRead: "0.1", output: "6" }, BATCH), // cacheRead derived
  vertex("gemini-3-pro-preview", "2025-11-18", { uncachedInput: "3.6", cacheRead: "0.36", output: "21.6" }, PRIORITY),
  vertex("gemini-3-pro-preview", "2025-11-18", { uncachedInput: "7.2", cacheRead: "0.72", output: "32.4" }, { ...PRIORITY, contextTier: "above_200k" }),
  // LiteLLM key "vertex_ai/gemini-3-flash-preview"; release date approximate.
  vertex("gemini-3-flash-preview", "2025-12-17", { uncachedInput: "0.5", cacheRead: "0.05", output: "3" }),
  vertex("gemini-3-flash-preview", "2025-12-17", { uncachedInput: "0.9", cacheRead: "0.09", output: "5.4" }, PRIORITY),

  // ── Amazon Bedrock: Anthropic Claude ──────────────────────────────────────────────────────────────────────────
  // LiteLLM keys anthropic.claude-…-v1:0 and global.anthropic.… (in-region / global prices).
  bedrock("claude-opus-4-6", "2026-02-05", { uncachedInput: "5", cacheRead: "0.5", cacheWrite5m: "6.25", cacheWrite1h: "10", output: "25" }),
  bedrock("claude-opus-4-5", "2025-11-01", { uncachedInput: "5", cacheRead: "0.5", cacheWrite5m: "6.25", cacheWrite1h: "10", output: "25" }),
  bedrock("claude-opus-4-1", "2025-08-05", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", output: "75" }),
  bedrock("claude-opus-4", "2025-05-14", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", output: "75" }),
  bedrock("claude-sonnet-4-6", "2026-02-17", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  bedrock("claude-sonnet-4-5", "2025-09-29", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", cacheWrite1h: "6", output: "15" }),
  bedrock("claude-sonnet-4-5", "2025-09-29", { uncachedInput: "6", cacheRead: "0.6", cacheWrite5m: "7.5", cacheWrite1h: "12", output: "22.5" }, { contextTier: "above_200k" }),
  bedrock("claude-sonnet-4", "2025-05-14", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", output: "15" }),
  bedrock("claude-sonnet-4", "2025-05-14", { uncachedInput: "6", cacheRead: "0.6", cacheWrite5m: "7.5", output: "22.5" }, { contextTier: "above_200k" }),
  bedrock("claude-3-7-sonnet", "2025-02-19", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", output: "15" }),
  // One canonical id for both Claude 3.5 Sonnet snapshots (20240620 "v1" and 20241022 "v2"): Bedrock lists them at
  // the same price, and the bill needs the price, not the lineage. LiteLLM's >200k prices for these are ignored
  // (the models have a 200k window).
  bedrock("claude-3-5-sonnet", "2024-06-20", { uncachedInput: "3", cacheRead: "0.3", cacheWrite5m: "3.75", output: "15" }),
  bedrock("claude-haiku-4-5", "2025-10-01", { uncachedInput: "1", cacheRead: "0.1", cacheWrite5m: "1.25", cacheWrite1h: "2", output: "5" }),
  bedrock("claude-3-5-haiku", "2024-10-22", { uncachedInput: "0.8", cacheRead: "0.08", cacheWrite5m: "1", output: "4" }),
  // LiteLLM's cache prices for Claude 3 Haiku on Bedrock are not corroborated anywhere; left out.
  bedrock("claude-3-haiku", "2024-03-07", { uncachedInput: "0.25", output: "1.25" }),
  bedrock("claude-3-opus", "2024-02-29", { uncachedInput: "15", cacheRead: "1.5", cacheWrite5m: "18.75", output: "75" }),

  // ── Amazon Bedrock: Amazon Nova ───────────────────────────────────────────────────────────────────────────────
  bedrock("nova-micro", "2024-12-03", { uncachedInput: "0.035", output: "0.14" }),
  bedrock("nova-lite", "2024-12-03", { uncachedInput: "0.06", output: "0.24" }),
  bedrock("nova-pro", "2024-12-03", { uncachedInput: "0.8", output: "3.2" }),
  bedrock("nova-premier", "2025-04-30", { uncachedInput: "2.5", output: "12.5" }), // LiteLLM key us.amazon.nova-premier-v1:0

  // ── Amazon Bedrock: Meta Llama ────────────────────────────────────────────────────────────────────────────────
  // validFrom is the model family's release (Bedrock listed some days later).
  bedrock("llama3-8b-instruct", "2024-04-18", { uncachedInput: "0.3", output: "0.6" }),
  bedrock("llama3-70b-instruct", "2024-04-18", { uncachedInput: "2.65", output: "3.5" }),
  bedrock("llama3-1-8b-instruct", "2024-07-23", { uncachedInput: "0.22", output: "0.22" }),
  bedrock("llama3-1-70b-instruct", "2024-07-23", { uncachedInput: "0.99", output: "0.99" }),
  bedrock("llama3-1-405b-instruct", "2024-07-23", { uncachedInput: "5.32", output: "16" }),
  bedrock("llama3-2-1b-instruct", "2024-09-25", { uncachedInput: "0.1", output: "0.1" }),
  bedrock("llama3-2-3b-instruct", "2024-09-25", { uncachedInput: "0.15", output: "0.15" }),
  bedrock("llama3-2-11b-instruct", "2024-09-25", { uncachedInput: "0.35", output: "0.35" }),
  bedrock("llama3-2-90b-instruct", "2024-09-25", { uncachedInput: "2", output: "2" }),
  bedrock("llama3-3-70b-instruct", "2024-12-06", { uncachedInput: "0.72", output: "0.72" }),
  bedrock("llama4-maverick-17b-instruct", "2025-04-05", { uncachedInput: "0.24", output: "0.97" }),
  bedrock("llama4-maverick-17b-instruct", "2025-04-05", { uncachedInput: "0.12", output: "0.485" }, BATCH),
  bedrock("llama4-scout-17b-instruct", "2025-04-05", { uncachedInput: "0.17", output: "0.66" }),
  bedrock("llama4-scout-17b-instruct", "2025-04-05", { uncachedInput: "0.085", output: "0.33" }, BATCH),

  // ── Amazon Bedrock: Mistral ───────────────────────────────────────────────────────────────────────────────────
  bedrock("mistral-7b-instruct", "2024-03-01", { uncachedInput: "0.15", output: "0.2" }),
  bedrock("mixtral-8x7b-instruct", "2024-03-01", { uncachedInput: "0.45", output: "0.7" }),
  bedrock("mistral-large-2402", "2024-02-26", { uncachedInput: "8", output: "24" }),
  bedrock("mistral-small-2402", "2024-02-26", { uncachedInput: "1", output: "3" }),
  bedrock("mistral-large-2407", "2024-07-24", { uncachedInput: "3", output: "9" }),

  // ── Azure OpenAI (Global Standard) ────────────────────────────────────────────────────────────────────────────
  // gpt-4o at the 2024-08-06 / 2024-11-20 Global price (LiteLLM azure/global/…); the 2024-05-13 version has its own id.
  azure("gpt-4o", "2024-08-06", { uncachedInput: "2.5", cacheRead: "1.25", output: "10" }),
  azure("gpt-4o-2024-05-13", "2024-05-13", { uncachedInput: "5", output: "15" }),
  // LiteLLM azure/global-standard/gpt-4o-mini (the plain azure/gpt-4o-mini entry is the Regional $0.165/$0.66);
  // the cached price is the one from azure/gpt-4o-mini.
  azure("gpt-4o-mini", "2024-07-18", { uncachedInput: "0.15", cacheRead: "0.075", output: "0.6" }),
  azure("gpt-4.1", "2025-04-14", { uncachedInput: "2", cacheRead: "0.5", output: "8" }),
  azure("gpt-4.1", "2025-04-14", { uncachedInput: "1", cacheRead: "0.25", output: "4" }, BATCH), // cacheRead derived
  azure("gpt-4.1-mini", "2025-04-14", { uncachedInput: "0.4", cacheRead: "0.1", output: "1.6" }),
  azure("gpt-4.1-mini", "2025-04-14", { uncachedInput: "0.2", cacheRead: "0.05", output: "0.8" }, BATCH), // cacheRead derived
  azure("gpt-4.1-nano", "2025-04-14", { uncachedInput: "0.1", cacheRead: "0.025", output: "0.4" }),
  azure("gpt-4.1-nano", "2025-04-14", { uncachedInput: "0.05", cacheRead: "0.0125", output: "0.2" }, BATCH), // cacheRead derived
  azure("o1", "2024-12-17", { uncachedInput: "15", cacheRead: "7.5", output: "60" }),
  // Azure followed OpenAI's o3 cut; the Azure date is assumed to be OpenAI's (approximate).
  azure("o3", "2025-04-16", { uncachedInput: "10", cacheRead: "2.5", output: "40" }, { validTo: "2025-06-10", source: AZURE_O3_PRICE_CUT_SOURCE }),
  azure("o3", "2025-06-10", { uncachedInput: "2", cacheRead: "0.5", output: "8" }),
  azure("o3-mini", "2025-01-31", { uncachedInput: "1.1", cacheRead: "0.55", output: "4.4" }),
  azure("o4-mini", "2025-04-16", { uncachedInput: "1.1", cacheRead: "0.275", output: "4.4" }),
  azure("gpt-5", "2025-08-07", { uncachedInput: "1.25", cacheRead: "0.125", output: "10" }),
  azure("gpt-5-mini", "2025-08-07", { uncachedInput: "0.25", cacheRead: "0.025", output: "2" }),
  azure("gpt-5-nano", "2025-08-07", { uncachedInput: "0.05", cacheRead: "0.005", output: "0.4" }),
  azure("gpt-5-pro", "2025-10-06", { uncachedInput: "15", output: "120" }),
  azure("gpt-5.1", "2025-11-13", { uncachedInput: "1.25", cacheRead: "0.125", output: "10" }),
  azure("gpt-5.1", "2025-11-13", { uncachedInput: "2.5", cacheRead: "0.25", output: "20" }, PRIORITY),
  azure("gpt-5.5", "2026-04-23", { uncachedInput: "5", cacheRead: "0.5", output: "30" }),
  azure("gpt-5.5", "2026-04-23", { uncachedInput: "10", cacheRead: "1", output: "45" }, { contextTier: "above_272k" }),
  azure("gpt-5.5", "2026-04-23", { uncachedInput: "10", cacheRead: "1", output: "60" }, PRIORITY),
  azure("gpt-5.5", "2026-04-23", { uncachedInput: "20", cacheRead: "2", output: "90" }, { ...PRIORITY, contextTier: "above_272k" }),
  azure("gpt-3.5-turbo", "2024-01-25", { uncachedInput: "0.5", output: "1.5" }), // LiteLLM azure/gpt-35-turbo
  azure("text-embedding-3-small", "2024-01-25", { uncachedInput: "0.02", output: "0" }),
  azure("text-embedding-3-large", "2024-01-25", { uncachedInput: "0.13", output: "0" }),
  azure("text-embedding-ada-002", "2022-12-15", { uncachedInput: "0.1", output: "0" }),
];

const BEDROCK: Pick<CatalogAlias, "provider"> = { provider: "aws-bedrock" };
const AZURE: Pick<CatalogAlias, "provider"> = { provider: "azure-openai" };

/**
 * Names that reach the pricer in another spelling than the catalog id (matched after lower-casing). The normalizer
 * already handles display names, vendor and region prefixes and Bedrock version suffixes; these cover what it keeps:
 * dated snapshots that share a price, "bedrock/…" forms (the vendor prefix survives there), display names, and Bedrock
 * usage-type tokens. Claude 3.5 Sonnet v1 and v2 both map to claude-3-5-sonnet (same price, see the Bedrock rows).
 */
export const CATALOG_ALIASES: readonly CatalogAlias[] = [
  // Display names
  { alias: "claude opus 4.7", model: "claude-opus-4-7" },
  { alias: "claude opus 4.6", model: "claude-opus-4-6" },
  { alias: "claude opus 4.5", model: "claude-opus-4-5" },
  { alias: "claude opus 4.1", model: "claude-opus-4-1" },
  { alias: "claude opus 4", model: "claude-opus-4" },
  { alias: "claude sonnet 4.6", model: "claude-sonnet-4-6" },
  { alias: "claude sonnet 4.5", model: "claude-sonnet-4-5" },
  { alias: "claude sonnet 4", model: "claude-sonnet-4" },
  { alias: "claude sonnet 3.7", model: "claude-3-7-sonnet" },
  { alias: "claude 3.7 sonnet", model: "claude-3-7-sonnet" },
  { alias: "claude haiku 4.5", model: "claude-haiku-4-5" },
  { alias: "claude haiku 3.5", model: "claude-3-5-haiku" },
  { alias: "claude 3.5 haiku", model: "claude-3-5-haiku" },
  { alias: "claude 3.5 sonnet", model: "claude-3-5-sonnet" },
  { alias: "claude 3.5 sonnet v2", model: "claude-3-5-sonnet" },
  { alias: "claude haiku 3", model: "claude-3-haiku" },
  { alias: "claude 3 haiku", model: "claude-3-haiku" },
  { alias: "claude opus 3", model: "claude-3-opus" },
  { alias: "claude 3 opus", model: "claude-3-opus" },
  { alias: "gpt-4o mini", model: "gpt-4o-mini" },
  { alias: "gpt-4.1 mini", model: "gpt-4.1-mini" },
  { alias: "gpt-4.1 nano", model: "gpt-4.1-nano" },
  { alias: "gpt-5 mini", model: "gpt-5-mini" },
  { alias: "gpt-5 nano", model: "gpt-5-nano" },
  { alias: "gemini 2.5 pro", model: "gemini-2.5-pro" },
  { alias: "gemini 2.5 flash", model: "gemini-2.5-flash" },
  { alias: "gemini 2.5 flash-lite", model: "gemini-2.5-flash-lite" },
  { alias: "gemini 2.0 flash", model: "gemini-2.0-flash" },
  { alias: "gemini 2.0 flash-lite", model: "gemini-2.0-flash-lite" },
  { alias: "amazon nova micro", ...BEDROCK, model: "nova-micro" },
  { alias: "amazon nova lite", ...BEDROCK, model: "nova-lite" },
  { alias: "amazon nova pro", ...BEDROCK, model: "nova-pro" },
  { alias: "amazon nova premier", ...BEDROCK, model: "nova-premier" },
  { alias: "amazon-nova-micro", ...BEDROCK, model: "nova-micro" },
  { alias: "amazon-nova-lite", ...BEDROCK, model: "nova-lite" },
  { alias: "amazon-nova-pro", ...BEDROCK, model: "nova-pro" },
  { alias: "amazon-nova-premier", ...BEDROCK, model: "nova-premier" },
  { alias: "llama-3.1-8b-instruct", ...BEDROCK, model: "llama3-1-8b-instruct" },
  { alias: "llama-3.1-70b-instruct", ...BEDROCK, model: "llama3-1-70b-instruct" },
  { alias: "llama-3.1-405b-instruct", ...BEDROCK, model: "llama3-1-405b-instruct" },
  { alias: "llama-3.3-70b-instruct", ...BEDROCK, model: "llama3-3-70b-instruct" },

  // Anthropic dated versions that share the undated price
  { alias: "claude-opus-4-7-20260416", model: "claude-opus-4-7" },
  { alias: "claude-opus-4-6-20260205", model: "claude-opus-4-6" },
  { alias: "claude-opus-4-5-20251101", model: "claude-opus-4-5" },
  { alias: "claude-opus-4-1-20250805", model: "claude-opus-4-1" },
  { alias: "claude-opus-4-20250514", model: "claude-opus-4" },
  { alias: "claude-opus-4-0", model: "claude-opus-4" },
  { alias: "claude-4-opus-20250514", model: "claude-opus-4" },
  { alias: "claude-sonnet-4-5-20250929", model: "claude-sonnet-4-5" },
  { alias: "claude-sonnet-4-20250514", model: "claude-sonnet-4" },
  { alias: "claude-sonnet-4-0", model: "claude-sonnet-4" },
  { alias: "claude-4-sonnet-20250514", model: "claude-sonnet-4" },
  { alias: "claude-3-7-sonnet-20250219", model: "claude-3-7-sonnet" },
  { alias: "claude-3-7-sonnet-latest", model: "claude-3-7-sonnet" },
  { alias: "claude-haiku-4-5-20251001", model: "claude-haiku-4-5" },
  { alias: "claude-3-5-haiku-20241022", model: "claude-3-5-haiku" },
  { alias: "claude-3-5-haiku-latest", model: "claude-3-5-haiku" },
  { alias: "claude-3-5-sonnet-20240620", model: "claude-3-5-sonnet" },
  { alias: "claude-3-5-sonnet-20241022", model: "claude-3-5-sonnet" },
  { alias: "claude-3-5-sonnet-v2", model: "claude-3-5-sonnet" },
  { alias: "claude-3-5-sonnet-latest", model: "claude-3-5-sonnet" },
  { alias: "claude-3-haiku-20240307", model: "claude-3-haiku" },
  { alias: "claude-3-opus-20240229", model: "claude-3-opus" },
  { alias: "claude-3-opus-latest", model: "claude-3-opus" },

  // OpenAI and Azure OpenAI dated versions that share the undated price
  { alias: "gpt-4o-2024-08-06", model: "gpt-4o" },
  { alias: "gpt-4o-2024-11-20", model: "gpt-4o" },
  { alias: "gpt-4o-mini-2024-07-18", model: "gpt-4o-mini" },
  { alias: "gpt-4.1-2025-04-14", model: "gpt-4.1" },
  { alias: "gpt-4.1-mini-2025-04-14", model: "gpt-4.1-mini" },
  { alias: "gpt-4.1-nano-2025-04-14", model: "gpt-4.1-nano" },
  { alias: "o1-2024-12-17", model: "o1" },
  { alias: "o1-pro-2025-03-19", model: "o1-pro" },
  { alias: "o3-2025-04-16", model: "o3" },
  { alias: "o3-mini-2025-01-31", model: "o3-mini" },
  { alias: "o3-pro-2025-06-10", model: "o3-pro" },
  { alias: "o4-mini-2025-04-16", model: "o4-mini" },
  { alias: "gpt-5-2025-08-07", model: "gpt-5" },
  { alias: "gpt-5-mini-2025-08-07", model: "gpt-5-mini" },
  { alias: "gpt-5-nano-2025-08-07", model: "gpt-5-nano" },
  { alias: "gpt-5-pro-2025-10-06", model: "gpt-5-pro" },
  { alias: "gpt-5.1-2025-11-13", model: "gpt-5.1" },
  { alias: "gpt-5.2-2025-12-11", model: "gpt-5.2" },
  { alias: "gpt-5.4-2026-03-05", model: "gpt-5.4" },
  { alias: "gpt-5.4-mini-2026-03-17", model: "gpt-5.4-mini" },
  { alias: "gpt-5.4-nano-2026-03-17", model: "gpt-5.4-nano" },
  { alias: "gpt-5.5-2026-04-23", model: "gpt-5.5" },
  { alias: "gpt-4-turbo-2024-04-09", model: "gpt-4-turbo" },
  { alias: "gpt-4-0613", model: "gpt-4" },
  { alias: "gpt-3.5-turbo-0125", model: "gpt-3.5-turbo" },
  // Azure spells GPT-3.5 without the dot.
  { alias: "gpt-35-turbo", ...AZURE, model: "gpt-3.5-turbo" },
  { alias: "gpt-35-turbo-0125", ...AZURE, model: "gpt-3.5-turbo" },

  // Gemini versioned ids
  { alias: "gemini-2.0-flash-001", model: "gemini-2.0-flash" },
  { alias: "gemini-2.0-flash-lite-001", model: "gemini-2.0-flash-lite" },

  // Bedrock: "bedrock/<vendor>.<model>" keeps the vendor (the normalizer strips "bedrock/" after the vendor check)
  { alias: "anthropic.claude-sonnet-4-5-20250929", ...BEDROCK, model: "claude-sonnet-4-5" },
  { alias: "anthropic.claude-sonnet-4-20250514", ...BEDROCK, model: "claude-sonnet-4" },
  { alias: "anthropic.claude-haiku-4-5-20251001", ...BEDROCK, model: "claude-haiku-4-5" },
  { alias: "anthropic.claude-opus-4-1-20250805", ...BEDROCK, model: "claude-opus-4-1" },
  { alias: "anthropic.claude-3-7-sonnet-20250219", ...BEDROCK, model: "claude-3-7-sonnet" },
  { alias: "anthropic.claude-3-5-sonnet-20240620", ...BEDROCK, model: "claude-3-5-sonnet" },
  { alias: "anthropic.claude-3-5-sonnet-20241022", ...BEDROCK, model: "claude-3-5-sonnet" },
  { alias: "anthropic.claude-3-5-haiku-20241022", ...BEDROCK, model: "claude-3-5-haiku" },
  { alias: "anthropic.claude-3-haiku-20240307", ...BEDROCK, model: "claude-3-haiku" },
  { alias: "us.anthropic.claude-sonnet-4-5-20250929", ...BEDROCK, model: "claude-sonnet-4-5" },
  { alias: "us.anthropic.claude-3-5-haiku-20241022", ...BEDROCK, model: "claude-3-5-haiku" },
  { alias: "amazon.nova-micro", ...BEDROCK, model: "nova-micro" },
  { alias: "amazon.nova-lite", ...BEDROCK, model: "nova-lite" },
  { alias: "amazon.nova-pro", ...BEDROCK, model: "nova-pro" },
  { alias: "meta.llama3-1-70b-instruct", ...BEDROCK, model: "llama3-1-70b-instruct" },
  { alias: "meta.llama3-3-70b-instruct", ...BEDROCK, model: "llama3-3-70b-instruct" },
  { alias: "mistral.mistral-large-2407", ...BEDROCK, model: "mistral-large-2407" },

  // Bedrock usage-type tokens as modelFromCamelToken renders them ("Llama3.1-70B" → "llama3-1-70b")
  { alias: "llama3-8b", ...BEDROCK, model: "llama3-8b-instruct" },
  { alias: "llama3-70b", ...BEDROCK, model: "llama3-70b-instruct" },
  { alias: "llama3-1-8b", ...BEDROCK, model: "llama3-1-8b-instruct" },
  { alias: "llama3-1-70b", ...BEDROCK, model: "llama3-1-70b-instruct" },
  { alias: "llama3-1-405b", ...BEDROCK, model: "llama3-1-405b-instruct" },
  { alias: "llama3-2-1b", ...BEDROCK, model: "llama3-2-1b-instruct" },
  { alias: "llama3-2-3b", ...BEDROCK, model: "llama3-2-3b-instruct" },
  { alias: "llama3-2-11b", ...BEDROCK, model: "llama3-2-11b-instruct" },
  { alias: "llama3-2-90b", ...BEDROCK, model: "llama3-2-90b-instruct" },
  { alias: "llama3-3-70b", ...BEDROCK, model: "llama3-3-70b-instruct" },
  { alias: "llama4-maverick-17b", ...BEDROCK, model: "llama4-maverick-17b-instruct" },
  { alias: "llama4-scout-17b", ...BEDROCK, model: "llama4-scout-17b-instruct" },
];

/** Providers' published batch discount, used when a model has no explicit batch row: multiplier on standard prices. */
export const BATCH_MULTIPLIER: Readonly<Record<CatalogPrice["provider"], string>> = {
  openai: "0.5", // Batch API: 50 % off
  anthropic: "0.5", // Message Batches API: 50 % off input and output (stacks with prompt caching)
  "gcp-vertex": "0.5", // Vertex AI batch prediction for Gemini: 50 % off
  "aws-bedrock": "0.5", // Bedrock batch inference: 50 % of on-demand for supported models
  "azure-openai": "0.5", // Global Batch: 50 % off Global Standard
};
