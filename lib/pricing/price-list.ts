import Decimal from "decimal.js";
import { normalizeModelId } from "@/lib/ingest/model-names";

// Reading a price list in the common open JSON format (LiteLLM's model_prices_and_context_window.json, MIT):
// one key per model, prices in USD per single token, with `_batches` / `_flex` / `_priority` tier variants and
// `_above_200k_tokens` context-tier variants. Keys this app does not use are ignored (and counted).

export type PriceListEntry = {
  provider: string;
  model: string;
  serviceTier: "standard" | "batch" | "flex" | "priority";
  contextTier: "" | "above_200k";
  uncachedInput: string | null;
  cacheRead: string | null;
  cacheWrite5m: string | null;
  cacheWrite1h: string | null;
  output: string | null;
};

export type ParsedPriceList = { entries: PriceListEntry[]; skippedModels: number; ignoredKeys: string[] };

const PROVIDERS: [RegExp, string][] = [
  [/^openai$|^text-completion-openai$/, "openai"],
  [/^anthropic$/, "anthropic"],
  [/^vertex_ai|^gemini$/, "gcp-vertex"],
  [/^bedrock/, "aws-bedrock"],
  [/^azure/, "azure-openai"],
];

const BASE_KEYS = {
  uncachedInput: "input_cost_per_token",
  cacheRead: "cache_read_input_token_cost",
  cacheWrite5m: "cache_creation_input_token_cost",
  cacheWrite1h: "cache_creation_input_token_cost_above_1hr",
  output: "output_cost_per_token",
} as const;

const TIERS = [
  ["standard", ""],
  ["batch", "_batches"],
  ["flex", "_flex"],
  ["priority", "_priority"],
] as const;

const CONTEXTS = [
  ["", ""],
  ["above_200k", "_above_200k_tokens"],
] as const;

/** Keys read by this importer (all others are ignored). */
const KNOWN_KEYS = new Set<string>(["litellm_provider", "mode"]);
for (const base of Object.values(BASE_KEYS)) {
  for (const [, context] of CONTEXTS) for (const [, tier] of TIERS) KNOWN_KEYS.add(`${base}${context}${tier}`);
}

/** USD per token (a JSON number such as 3e-06) → USD per million tokens as an exact decimal string. */
function perMillion(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null;
  // The number's shortest decimal form is what the file says; scaling it as a decimal adds no float noise.
  return new Decimal(value.toString()).times(1_000_000).toDecimalPlaces(12).toFixed();
}

function modelOf(key: string, provider: string): string | null {
  let name = key;
  // "azure/gpt-4o", "bedrock/us.anthropic.claude-…", "vertex_ai/gemini-2.5-pro", "azure/global-standard/gpt-4o"
  name = name.replace(/^(azure|azure_ai|bedrock|bedrock_converse|vertex_ai|gemini|openai|anthropic)\//, "");
  name = name.replace(/^(global-standard|eu|us|global|data-zone)\//, "");
  if (provider === "aws-bedrock") name = name.replace(/^[a-z0-9-]+\/(?=[a-z])/, ""); // region path: "us-east-1/…"
  return normalizeModelId(name);
}

export function parsePriceList(json: unknown): ParsedPriceList {
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("The price list must be a JSON object with one key per model.");
  const entries: PriceListEntry[] = [];
  const ignored = new Set<string>();
  let skippedModels = 0;
  for (const [key, raw] of Object.entries(json as Record<string, unknown>)) {
    if (key === "sample_spec" || key === "fallback_generalizations" || !raw || typeof raw !== "object") continue;
    const spec = raw as Record<string, unknown>;
    const provider = PROVIDERS.find(([pattern]) => pattern.test(String(spec.litellm_provider ?? "")))?.[1];
    const model = provider ? modelOf(key, provider) : null;
    if (!provider || !model || spec.input_cost_per_token === undefined) {
      skippedModels++;
      continue;
    }
    for (const field of Object.keys(spec)) if (!KNOWN_KEYS.has(field)) ignored.add(field);
    for (const [contextTier, context] of CONTEXTS) {
      for (const [serviceTier, tier] of TIERS) {
        const read = (base: string) => perMillion(spec[`${base}${context}${tier}`]);
        const uncachedInput = read(BASE_KEYS.uncachedInput);
        const output = read(BASE_KEYS.output);
        if (uncachedInput === null && output === null) continue;
        entries.push({
          provider,
          model,
          serviceTier,
          contextTier,
          uncachedInput,
          cacheRead: read(BASE_KEYS.cacheRead),
          cacheWrite5m: read(BASE_KEYS.cacheWrite5m),
          cacheWrite1h: read(BASE_KEYS.cacheWrite1h),
          output,
        });
      }
    }
  }
  // Several keys can name one model ("gpt-4o" and "openai/gpt-4o"): the first wins.
  const seen = new Set<string>();
  const unique = entries.filter((entry) => {
    const id = `${entry.provider}/${entry.model}/${entry.serviceTier}/${entry.contextTier}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { entries: unique, skippedModels, ignoredKeys: [...ignored].sort() };
}

export type PriceListDiff<Current extends PriceListEntry = PriceListEntry> = {
  added: PriceListEntry[];
  changed: { before: Current; after: PriceListEntry }[];
  unchanged: number;
};

const FIELDS = ["uncachedInput", "cacheRead", "cacheWrite5m", "cacheWrite1h", "output"] as const;
const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Decimal(a).equals(b));

/** What applying the list would change in the current catalog. */
export function diffPriceList<Current extends PriceListEntry>(current: readonly Current[], incoming: readonly PriceListEntry[]): PriceListDiff<Current> {
  const byId = new Map(current.map((entry) => [`${entry.provider}/${entry.model}/${entry.serviceTier}/${entry.contextTier}`, entry]));
  const diff: PriceListDiff<Current> = { added: [], changed: [], unchanged: 0 };
  for (const entry of incoming) {
    const before = byId.get(`${entry.provider}/${entry.model}/${entry.serviceTier}/${entry.contextTier}`);
    if (!before) diff.added.push(entry);
    else if (FIELDS.some((field) => !same(before[field], entry[field]))) diff.changed.push({ before, after: entry });
    else diff.unchanged++;
  }
  return diff;
}
