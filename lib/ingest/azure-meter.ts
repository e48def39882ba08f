import type { TokenBuckets } from "@/lib/ingest/types";

// Azure OpenAI / Foundry meter names encode model, token direction and deployment type in free text, e.g.
// "gpt-4o 1120 Inp glbl Tokens", "gpt 4o 1120 cached Inp glbl Tokens", "GPT 5 Inpt Glbl 1M Tokens",
// "o3 0416 Outp DZone Tokens" (reference/provider-formats.md §3.2). The parse is heuristic by nature; callers keep
// the raw meter name beside it.

export type AzureMeter = {
  model: string | null;
  bucket: keyof TokenBuckets;
  deployment: "global" | "datazone" | "regional";
  batch: boolean;
  /** Tokens per unit of quantity (the meter is per 1K or per 1M tokens). */
  tokensPerUnit: number;
};

const INPUT = new Set(["inp", "inpt", "input", "in"]);
const OUTPUT = new Set(["outp", "outpt", "opt", "output", "out"]);
const CACHED = new Set(["cached", "cache", "cchd", "cached-inp"]);
const GLOBAL = new Set(["glbl", "gl", "global"]);
const DATAZONE = new Set(["dzone", "dz", "datazone"]);
const STOP = new Set([...INPUT, ...OUTPUT, ...CACHED, ...GLOBAL, ...DATAZONE, "batch", "bt", "regnl", "regional", "shortco", "longco", "1k", "1m", "tokens", "token"]);

export function tokensPerUnit(meterName: string, unitOfMeasure: string | null | undefined): number {
  const unit = `${unitOfMeasure ?? ""} ${meterName}`.toLowerCase();
  if (/\b(1m|1,000,000|1000000)\b/.test(unit)) return 1_000_000;
  if (/\b(1k|1,000|1000)\b/.test(unit)) return 1_000;
  return 1;
}

export function parseAzureMeter(meterName: string, unitOfMeasure?: string | null): AzureMeter | null {
  const words = meterName.trim().split(/\s+/);
  const lower = words.map((word) => word.toLowerCase());
  if (!lower.some((word) => word === "tokens" || word === "token")) return null;
  const hasInput = lower.some((word) => INPUT.has(word));
  const hasOutput = lower.some((word) => OUTPUT.has(word));
  const cached = lower.some((word) => CACHED.has(word));
  if (!hasInput && !hasOutput && !cached) return null;

  const modelWords: string[] = [];
  for (const [index, word] of lower.entries()) {
    if (STOP.has(word)) break;
    // Four-digit version stamps ("1120" = 2024-11-20, "0416") say which release, not which model.
    if (/^\d{4}$/.test(word)) continue;
    modelWords.push(words[index]!.toLowerCase());
  }
  let model: string | null = modelWords.join("-") || null;
  // "5.4 inp Gl 1M Tokens" (Azure OpenAI GPT5 product): a bare version is a GPT model.
  if (model && /^\d/.test(model)) model = `gpt-${model}`;

  return {
    model,
    bucket: cached ? "cacheReadInputTokens" : hasOutput ? "outputTokens" : "uncachedInputTokens",
    deployment: lower.some((word) => GLOBAL.has(word)) ? "global" : lower.some((word) => DATAZONE.has(word)) ? "datazone" : "regional",
    batch: lower.includes("batch") || lower.includes("bt"),
    tokensPerUnit: tokensPerUnit(meterName, unitOfMeasure),
  };
}
