import Decimal from "decimal.js";
import { RowReader, ZERO_TOKENS, headerScore, parseDecimalString } from "@/lib/ingest/fields";
import { contextTierOf } from "@/lib/ingest/context-tier";
import { normalizeModelId } from "@/lib/ingest/model-names";
import type { ChargeCategory, FormatMapper, NormalizedUsage, ServiceTier, TokenBuckets } from "@/lib/ingest/types";

// The Cloud Billing → BigQuery export saved as CSV (reference/provider-formats.md §3.3), Vertex AI and Gemini API
// rows only. Nested fields arrive as dotted columns ("sku.description"); the repeated ones, labels and credits, as
// JSON arrays. The SKU description is the only place that names the model, the token type, batch and the context
// tier ("Gemini 2.5 Pro Online Prediction Input (text, image, video ≤ 200k tokens)"); its vocabulary is not
// documented, so the parse is a heuristic and the SKU id stays in the identity.

const COLUMNS = [
  "billing_account_id",
  "service.id",
  "service.description",
  "sku.id",
  "sku.description",
  "usage_start_time",
  "usage_end_time",
  "project.id",
  "labels",
  "location.region",
  "cost",
  "currency",
  "usage.amount",
  "usage.unit",
  "credits",
  "invoice.month",
  "cost_type",
  "resource.name",
  "adjustment_info.id",
] as const;

const AI_SERVICE = /^(vertex ai( api)?|generative language api)$/i;

const CHARGE_CATEGORY: Record<string, ChargeCategory> = { tax: "tax", adjustment: "adjustment", "rounding error": "adjustment" };

/** Words that end the model part of a SKU description ("Gemini 2.5 Flash Output Text Tokens Batch" → "Gemini 2.5 Flash"). */
const MODEL_STOP_WORDS = new Set([
  "online",
  "batch",
  "prediction",
  "predictions",
  "input",
  "output",
  "cached",
  "cache",
  "caching",
  "context",
  "text",
  "image",
  "audio",
  "video",
  "tokens",
  "token",
  "characters",
  "character",
  "long",
  "short",
  "priority",
  "flex",
  "thinking",
  "provisioned",
  "count",
  "for",
  "-",
]);
const MODEL_FAMILY = /^(gemini|gemma|claude|llama|mistral|mixtral|codestral|jamba|deepseek|qwen|gpt-oss)\b/i;
/** Units that say a SKU is not priced by token even when it says input or output. */
const NON_TOKEN_UNIT = /\b(images?|seconds?|minutes?|hours?|requests?|pages?|queries|storage)\b/i;

type SkuKind = "tokens" | "characters" | "cacheStorage";

function skuKind(description: string): SkuKind | null {
  // "(text, image, video ≤ 200k tokens)" describes what the input may contain, not what the SKU is priced by.
  const bare = description.replace(/\([^)]*\)/g, " ");
  if (/\bcach/i.test(bare) && /\bstorage\b/i.test(bare)) return "cacheStorage";
  if (/\bcharacters?\b/i.test(bare)) return "characters";
  if (/\btokens?\b/i.test(bare)) return "tokens";
  if (/\b(input|output|cached|cache|caching)\b/i.test(bare) && !NON_TOKEN_UNIT.test(bare)) return "tokens";
  return null;
}

function tokenBucket(description: string): keyof TokenBuckets | null {
  if (/\bcache[ds]?\s+write|\bcaching\s+write/i.test(description)) return /\b1\s*h/i.test(description) ? "cacheWrite1hInputTokens" : "cacheWrite5mInputTokens";
  if (/\bcached\b|\bcache\s+read|\bcontext\s+caching\b|\bcache\b/i.test(description)) return "cacheReadInputTokens";
  if (/\boutput\b/i.test(description)) return "outputTokens";
  if (/\binput\b/i.test(description)) return "uncachedInputTokens";
  return null;
}

function serviceTierOf(description: string): ServiceTier {
  if (/\bbatch\b/i.test(description)) return "batch";
  if (/\bflex\b/i.test(description)) return "flex";
  if (/\bpriority\b/i.test(description)) return "priority";
  return "standard";
}

/** "≤ 200k", "> 200k": long prompts are priced apart. */
function contextTier(description: string): string | null {
  const bound = /(<=|>=|[≤≥<>])\s*(\d+(?:\.\d+)?\s*[km])\b/i.exec(description);
  if (bound) return `${bound[1]} ${bound[2]!.replace(/\s+/g, "").toLowerCase()}`;
  const named = /\b(long|short)\s+(context|input|output)\b/i.exec(description);
  return named ? named[1]!.toLowerCase() : null;
}

/** The model words of a SKU description: from the model family's name to the first word about the charge. */
function modelPhrase(description: string): string | null {
  const words = description
    .replace(/\([^)]*\)/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/[:,]+$/, ""))
    .filter(Boolean);
  const start = words.findIndex((word) => MODEL_FAMILY.test(word));
  if (start < 0) return null;
  const phrase: string[] = [];
  for (const word of words.slice(start)) {
    if (MODEL_STOP_WORDS.has(word.toLowerCase())) break;
    phrase.push(word);
  }
  return phrase.join(" ") || null;
}

/** Tokens per unit of usage.amount: "count" and "tokens" are single tokens; "1k tokens", "1000000 count" are blocks. */
function tokensPerUnit(unit: string): number | null {
  const match = /^(?:(\d[\d,]*)\s*|(1k)\s*|(1m)\s*|(thousand)\s+|(million)\s+)?(?:count|tokens?)$/i.exec(unit.trim());
  if (!match) return null;
  if (match[1]) return Number(match[1].replace(/,/g, ""));
  if (match[2] || match[4]) return 1_000;
  if (match[3] || match[5]) return 1_000_000;
  return 1;
}

/**
 * JSON with every bare number turned into a string, so money keeps its digits: JSON.parse would make a credit of
 * -0.1234567890123456789 a float.
 */
function quoteJsonNumbers(text: string): string {
  let out = "";
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      out += char;
      if (char === "\\") out += text[++index] ?? "";
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (/[-\d]/.test(char)) {
      const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index))?.[0] ?? char;
      out += `"${number}"`;
      index += number.length - 1;
    } else out += char;
  }
  return out;
}

function parseJson(reader: RowReader, column: string): unknown {
  const text = reader.text(column);
  if (text === null) return null;
  try {
    return JSON.parse(quoteJsonNumbers(text)) as unknown;
  } catch {
    reader.issue(column, text.slice(0, 200), "is not JSON");
    return undefined;
  }
}

/** Labels as the export writes them, [{"key":"team","value":"search"}], as an object (a plain object is read too). */
function readLabels(reader: RowReader): Record<string, string> | null {
  const parsed = parseJson(reader, "labels");
  if (parsed === null || parsed === undefined) return null;
  const pairs = Array.isArray(parsed)
    ? parsed.map((entry) => [(entry as { key?: unknown } | null)?.key, (entry as { value?: unknown } | null)?.value] as const)
    : typeof parsed === "object"
      ? Object.entries(parsed)
      : null;
  if (!pairs || pairs.some(([key, value]) => typeof key !== "string" || (value !== null && value !== undefined && typeof value !== "string"))) {
    reader.issue("labels", reader.text("labels")!.slice(0, 200), 'is not a JSON array of {"key", "value"} objects');
    return null;
  }
  const labels = Object.fromEntries(pairs.filter(([, value]) => typeof value === "string")) as Record<string, string>;
  return Object.keys(labels).length > 0 ? labels : null;
}

/** The sum of credits[].amount (negative numbers), exactly. */
function creditTotal(reader: RowReader): Decimal {
  const parsed = parseJson(reader, "credits");
  if (parsed === null || parsed === undefined) return new Decimal(0);
  const text = reader.text("credits")!.slice(0, 200);
  if (!Array.isArray(parsed)) {
    reader.issue("credits", text, "is not a JSON array of credits");
    return new Decimal(0);
  }
  let total = new Decimal(0);
  for (const credit of parsed) {
    const amount = (credit as { amount?: unknown } | null)?.amount;
    const parsedAmount = typeof amount === "string" ? parseDecimalString(amount) : null;
    if (parsedAmount === null) {
      reader.issue("credits", text, "has a credit whose amount is not a number");
      return new Decimal(0);
    }
    total = total.plus(parsedAmount);
  }
  return total;
}

/** usage.amount × a block size; BigQuery stores it as FLOAT64, so what is left after 14 decimals is float noise. */
function scaledAmount(reader: RowReader, perUnit: number, whole: boolean): Decimal | null {
  const amount = reader.decimal("usage.amount", { required: true, nonNegative: true });
  if (amount === null) return null;
  const scaled = new Decimal(amount).times(perUnit);
  if (!whole) return scaled;
  const rounded = scaled.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  if (scaled.minus(rounded).abs().greaterThan("0.000001")) {
    reader.issue("usage.amount", amount, `is not a whole number of tokens at ${perUnit} tokens per unit`);
    return null;
  }
  if (rounded.greaterThan(Number.MAX_SAFE_INTEGER)) {
    reader.issue("usage.amount", amount, "is too large");
    return null;
  }
  return rounded;
}

export const gcpBillingMapper: FormatMapper = {
  id: "gcp-billing",
  label: "Google Cloud billing export (Vertex AI)",
  description: "Cloud Billing export to BigQuery, saved as CSV: Vertex AI and Gemini API token and character SKUs",
  columns: COLUMNS,
  periodColumn: "usage_start_time",
  detect(headers) {
    const core = ["service.description", "sku.description", "usage_start_time", "cost", "currency", "usage.amount"];
    return headerScore(
      headers,
      [...core, "sku.id", "usage_end_time", "usage.unit", "project.id", "labels", "credits", "invoice.month", "cost_type", "billing_account_id"],
      core,
    );
  },
  map(row) {
    const reader = new RowReader(row);
    const service = reader.text("service.description");
    const sku = reader.text("sku.description") ?? "";
    const kind = service && AI_SERVICE.test(service) ? skuKind(sku) : null;
    if (!kind) return { kind: "skip", reason: "not_ai" };

    const periodStart = reader.dateTime("usage_start_time", { required: true });
    const periodEnd = reader.dateTime("usage_end_time", { required: true });
    const cost = reader.decimal("cost", { required: true });
    const credits = creditTotal(reader);
    const currency = reader.currency("currency");
    const chargeCategory = CHARGE_CATEGORY[(reader.text("cost_type") ?? "").toLowerCase()] ?? "usage";
    const tags = readLabels(reader);
    const unit = reader.text("usage.unit") ?? "";
    const bucket = kind === "tokens" ? tokenBucket(sku) : null;
    const blockSize = tokensPerUnit(unit);

    const tokens: TokenBuckets = { ...ZERO_TOKENS };
    let otherUnits: string | null = null;
    let otherUnit: string | null = null;
    // Only usage carries tokens: a tax or adjustment row on the same SKU would count them a second time.
    if (chargeCategory === "usage") {
      if (bucket && blockSize !== null) {
        const count = scaledAmount(reader, blockSize, true);
        if (count !== null) tokens[bucket] = count.toNumber();
      } else if (kind === "characters") {
        otherUnits = scaledAmount(reader, blockSize ?? 1, false)?.toFixed() ?? null;
        otherUnit = "characters";
      } else {
        // Cache storage (token-hours), or a token SKU without a direction or in a unit that is not a count.
        otherUnits = reader.decimal("usage.amount");
        otherUnit = otherUnits === null ? null : unit || null;
      }
    }
    if (!reader.ok || !periodStart || !periodEnd || cost === null) return { kind: "invalid", issues: reader.issues };
    if (periodEnd < periodStart) {
      return { kind: "invalid", issues: [{ column: "usage_end_time", value: row["usage_end_time"] ?? null, reason: "is before usage_start_time" }] };
    }

    const modelRaw = modelPhrase(sku);
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "gcp-vertex",
      service,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: serviceTierOf(sku),
      project: reader.text("project.id"),
      apiKey: null,
      providerUser: null,
      tags,
      contextTier: contextTierOf(contextTier(sku)),
      teamName: null,
      workflowName: null,
      tokens,
      requests: 0,
      otherUnits,
      otherUnit,
      // cost is before credits (free tier, promotions, committed use); what is owed is the net.
      billedCost: new Decimal(cost).plus(credits).toFixed(),
      estimatedCost: null,
      currency,
      chargeCategory,
      identity: [
        reader.text("sku.id"),
        reader.text("location.region"),
        reader.text("cost_type"),
        reader.text("invoice.month"),
        contextTier(sku),
        reader.text("resource.name"),
        reader.text("adjustment_info.id"),
        // Labels are not part of the natural key, but the export splits a SKU's hour by them (Vertex request labels).
        tags ? JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : null,
      ],
      keyNamespace: "gcp:billing",
    };
    return { kind: "records", records: [record] };
  },
};
