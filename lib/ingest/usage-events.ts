import Decimal from "decimal.js";
import { z } from "zod";
import { parseDateTimeString } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { slugProvider } from "@/lib/ingest/providers";
import type { ServiceTier, TokenBuckets } from "@/lib/ingest/types";
import { CURRENCIES } from "@/lib/orgs/schemas";

// The push API (POST /api/v1/usage): a JSON array of usage events, one per model call or per batch of calls, sent
// by the customer's own code or gateway. lib/ingest/otlp.ts turns OpenTelemetry spans into the same UsageEvent.
//
// An event, as JSON (the schema below carries the same text into the OpenAPI document):
//
//   {
//     "eventId": "req_01HZX3",               required; 1–200 characters; the idempotency key, unique per organization:
//                                              sending the same eventId again updates nothing
//     "timestamp": "2026-02-10T09:15:02Z",   required; ISO 8601 with a time and a UTC offset, or epoch milliseconds;
//                                              not before 2015, not more than 36 hours in the future
//     "provider": "openai",                  required; openai, anthropic, aws-bedrock, azure-openai, gcp-vertex or any
//                                              name (slugged); "OpenAI", "bedrock", "aws.bedrock", "azure.ai.openai",
//                                              "vertex", "gcp.vertex_ai", "google" … are understood
//     "model": "gpt-4.1-mini",               optional, but an event without a model cannot be priced
//     "serviceTier": "standard",             optional: standard | batch | flex | priority (OpenAI's "default" and
//                                              "auto" are standard, "scale" is priority)
//     "inputTokens": 1200,                   token counts: whole numbers ≥ 0, each optional (default 0)
//     "outputTokens": 300,
//     "cacheReadInputTokens": 1000,
//     "cacheWriteInputTokens": 0,            cache writes with the 5-minute lifetime
//     "cacheWrite1hInputTokens": 0,          cache writes with the 1-hour lifetime
//     "reasoningTokens": 120,                part of outputTokens, never added to it
//     "inputExcludesCache": false,           false (default): inputTokens includes the cache reads and writes, as
//                                              OpenAI and OpenTelemetry count; true: inputTokens counts only uncached
//                                              tokens, as Anthropic's API does
//     "requests": 1,                         whole number ≥ 0, default 1
//     "cost": "0.0123",                      optional; what the call cost, as a decimal string (or a JSON number),
//                                              ≥ 0, at most 12 decimal places; without it the ledger prices the tokens
//     "currency": "USD",                     ISO 4217, default USD
//     "team": "Support", "workflow": "ticket-triage", "user": "u_829", "project": "proj_abc", "apiKey": "key_x",
//                                            optional strings of at most 200 characters; team and workflow are names,
//                                              matched to the organization's teams and workflows
//     "tags": { "env": "prod" }              optional: at most 50 string values, keys ≤ 100 and values ≤ 500 characters
//   }
//
// An event must carry some usage: tokens, a cost, or an explicit request count. Unknown fields are rejected, so a
// misspelt "input_tokens" is reported instead of silently counting nothing.

export type UsageEvent = {
  /** Idempotency key, 1–200 characters, unique per organization. */
  eventId: string;
  timestamp: Date;
  /** Ledger provider id: openai, anthropic, aws-bedrock, azure-openai, gcp-vertex, or a slug. */
  provider: string;
  /** As sent. */
  modelRaw: string | null;
  /** normalizeModelId(modelRaw). */
  model: string | null;
  serviceTier: ServiceTier | null;
  /** Exclusive buckets: a token is in exactly one (reasoning tokens are inside outputTokens). */
  tokens: TokenBuckets;
  requests: number;
  /** Decimal string, never a float. */
  cost: string | null;
  /** ISO 4217, upper case. */
  currency: string;
  /** Team name, resolved to an id later. */
  team: string | null;
  /** Workflow name, resolved to an id later. */
  workflow: string | null;
  /** The provider's or the application's end-user id. */
  user: string | null;
  project: string | null;
  apiKey: string | null;
  tags: Record<string, string> | null;
  /** OpenTelemetry resource service.name (attribution may map it); null for pushed events. */
  serviceName: string | null;
};

/** A problem with one event (index in the body; -1: the body as a whole) or, for OTLP, one span. */
export type IngestError = { index: number; field: string | null; reason: string };

export const MAX_EVENTS_PER_REQUEST = 10_000;
export const MAX_TEXT_LENGTH = 200;
export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 100;
export const MAX_TAG_VALUE_LENGTH = 500;
const MAX_COST_DECIMALS = 12;
const MAX_COST_INTEGER_DIGITS = 18;
const EARLIEST_USAGE = Date.UTC(2015, 0, 1);
const MAX_FUTURE_MS = 36 * 3_600_000;

const count = (description: string) =>
  z
    .number({ error: "must be a number: a whole count ≥ 0" })
    .int({ error: (issue) => (Number.isInteger(issue.input) ? "is too large" : "must be a whole number") })
    .nonnegative({ error: "must not be negative" })
    .nullish()
    .describe(description);

const text = (description: string) =>
  z
    .string({ error: "must be a string" })
    .max(MAX_TEXT_LENGTH, { error: `must be at most ${MAX_TEXT_LENGTH} characters` })
    .nullish()
    .describe(description);

/** The shape of one event. Values are checked further (dates, tiers, sums) by parseUsageEvents. */
export const UsageEventInputSchema = z
  .strictObject({
    eventId: z
      .string({ error: "is required: a string of 1–200 characters that identifies this event" })
      .min(1, { error: "must not be empty" })
      .max(MAX_TEXT_LENGTH, { error: `must be at most ${MAX_TEXT_LENGTH} characters` })
      .describe("Idempotency key, unique per organization: resending an event with the same eventId changes nothing."),
    timestamp: z
      .union([z.string(), z.number()], {
        error: 'is required: an ISO 8601 date-time with a UTC offset ("2026-02-10T09:15:02Z") or epoch milliseconds',
      })
      .describe("When the usage happened: ISO 8601 with a time and a UTC offset, or epoch milliseconds. Not before 2015, not more than 36 hours ahead."),
    provider: z
      .string({ error: "is required: who is paid for the usage, e.g. openai or anthropic" })
      .describe(
        'Who is paid for the usage: openai, anthropic, aws-bedrock, azure-openai, gcp-vertex, or another name. Common spellings ("OpenAI", "bedrock", "aws.bedrock", "azure.ai.openai", "vertex", "gcp.vertex_ai", "google") are understood.',
      ),
    model: z
      .string({ error: "must be a string" })
      .max(300, { error: "must be at most 300 characters" })
      .nullish()
      .describe("The model as the provider names it. Optional, but an event without a model cannot be priced."),
    serviceTier: z
      .string({ error: "must be a string" })
      .nullish()
      .describe('standard, batch, flex or priority. OpenAI\'s "default" and "auto" mean standard, "scale" means priority.'),
    inputTokens: count("Input tokens. Includes cache reads and writes unless inputExcludesCache is true."),
    outputTokens: count("Output tokens, reasoning tokens included."),
    cacheReadInputTokens: count("Input tokens read from the prompt cache."),
    cacheWriteInputTokens: count("Input tokens written to the prompt cache with the 5-minute lifetime."),
    cacheWrite1hInputTokens: count("Input tokens written to the prompt cache with the 1-hour lifetime."),
    reasoningTokens: count("Reasoning (thinking) tokens: a part of outputTokens, not added to it."),
    inputExcludesCache: z
      .boolean({ error: "must be true or false" })
      .nullish()
      .describe(
        "false (default): inputTokens includes the cache reads and writes, as OpenAI and OpenTelemetry count. true: inputTokens counts only uncached input, as Anthropic's API does.",
      ),
    requests: count("Model requests the event stands for. Default 1."),
    cost: z
      .union([z.string(), z.number()], { error: 'must be a decimal string such as "0.0123" (or a JSON number)' })
      .nullish()
      .describe("What the usage cost, as a decimal string (a JSON number is accepted); at most 12 decimal places. Without it the ledger prices the tokens."),
    currency: z.string({ error: "must be a string" }).nullish().describe("ISO 4217 code of the cost. Default USD."),
    team: text("Team name, matched to the organization's teams."),
    workflow: text("Workflow name, matched to the organization's workflows."),
    user: text("End-user id from the provider or the application."),
    project: text("Provider project or workspace."),
    apiKey: text("API key id or name (never the secret)."),
    tags: z
      .record(z.string(), z.string({ error: "tag values must be strings" }), { error: "must be an object of string values" })
      .nullish()
      .describe("Free-form labels: at most 50, keys at most 100 and values at most 500 characters."),
  })
  .describe("One usage event.");
export type UsageEventInput = z.infer<typeof UsageEventInputSchema>;

/** The body of POST /api/v1/usage. */
export const UsageEventsBodySchema = z
  .array(UsageEventInputSchema)
  .max(MAX_EVENTS_PER_REQUEST)
  .describe(`A JSON array of at most ${MAX_EVENTS_PER_REQUEST.toLocaleString("en-US")} usage events.`);

const FIELDS = new Set(Object.keys(UsageEventInputSchema.shape));

/**
 * Parses a push body. Every event is checked on its own: valid events come back even when others fail, and each
 * failure names the event's index, the field and what is wrong.
 */
/** `indexes[i]` is the position in the body of `events[i]` (to report later problems by index). */
export function parseUsageEvents(body: unknown, options: { now?: Date } = {}): { events: UsageEvent[]; indexes: number[]; errors: IngestError[] } {
  const now = options.now ?? new Date();
  if (!Array.isArray(body)) {
    const got = body === null ? "null" : typeof body === "object" ? "an object" : `a ${typeof body}`;
    return { events: [], indexes: [], errors: [{ index: -1, field: null, reason: `The body must be a JSON array of usage events; got ${got}.` }] };
  }
  if (body.length > MAX_EVENTS_PER_REQUEST) {
    const reason = `The body has ${body.length.toLocaleString("en-US")} events; send at most ${MAX_EVENTS_PER_REQUEST.toLocaleString("en-US")} per request.`;
    return { events: [], indexes: [], errors: [{ index: -1, field: null, reason }] };
  }

  const events: UsageEvent[] = [];
  const indexes: number[] = [];
  const errors: IngestError[] = [];
  const firstIndexById = new Map<string, number>();
  body.forEach((raw: unknown, index) => {
    const parsed = UsageEventInputSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(...issueErrors(index, issue));
      return;
    }
    const outcome = toUsageEvent(parsed.data, now);
    if ("problems" in outcome) {
      for (const problem of outcome.problems) errors.push({ index, ...problem });
      return;
    }
    // Only accepted events claim an id, so a corrected copy after a rejected one is still taken.
    const first = firstIndexById.get(outcome.event.eventId);
    if (first !== undefined) {
      errors.push({ index, field: "eventId", reason: `repeats eventId of event ${first}; the first one is kept` });
      return;
    }
    firstIndexById.set(outcome.event.eventId, index);
    events.push(outcome.event);
    indexes.push(index);
  });
  return { events, indexes, errors };
}

type Problem = { field: string | null; reason: string };

function issueErrors(index: number, issue: z.core.$ZodIssue): IngestError[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const camel = key.replace(/[_-]([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
      const hint = camel !== key && FIELDS.has(camel) ? ` (did you mean "${camel}"?)` : "";
      return { index, field: key, reason: `is not a field of a usage event${hint}` };
    });
  }
  if (issue.path.length === 0) return [{ index, field: null, reason: "must be a JSON object (one usage event)" }];
  return [{ index, field: issue.path.map(String).join("."), reason: issue.message }];
}

function toUsageEvent(input: UsageEventInput, now: Date): { event: UsageEvent } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (field: string | null, reason: string) => problems.push({ field, reason });

  if (!input.eventId.trim()) problem("eventId", "must not be blank");
  const timestamp = readTimestamp(input.timestamp, now, (reason) => problem("timestamp", reason));

  const providerName = input.provider.trim();
  if (!providerName) problem("provider", "must not be empty");
  else if (providerName.length > 100) problem("provider", "must be at most 100 characters");

  let serviceTier: ServiceTier | null = null;
  if (input.serviceTier != null && input.serviceTier.trim() !== "") {
    serviceTier = serviceTierOf(input.serviceTier);
    if (!serviceTier) problem("serviceTier", `"${input.serviceTier}" is not a service tier (standard, batch, flex, priority; or default, auto, scale)`);
  }

  const reported = {
    input: input.inputTokens ?? 0,
    output: input.outputTokens ?? 0,
    cacheRead: input.cacheReadInputTokens ?? 0,
    cacheWrite5m: input.cacheWriteInputTokens ?? 0,
    cacheWrite1h: input.cacheWrite1hInputTokens ?? 0,
    reasoning: input.reasoningTokens ?? 0,
  };
  const buckets = exclusiveTokenBuckets(reported, { inputIncludesCache: input.inputExcludesCache !== true });
  if (buckets.problem === "cache-exceeds-input") {
    const parts = (
      [
        ["cacheReadInputTokens", reported.cacheRead],
        ["cacheWriteInputTokens", reported.cacheWrite5m],
        ["cacheWrite1hInputTokens", reported.cacheWrite1h],
      ] as const
    ).filter(([, value]) => value > 0);
    const sum = parts.map(([name, value]) => `${name} (${value})`).join(" + ");
    problem(
      "inputTokens",
      `${sum} exceed inputTokens (${reported.input}), which includes them by default; if inputTokens counts only uncached input (Anthropic's convention), send "inputExcludesCache": true`,
    );
  }
  if (buckets.problem === "reasoning-exceeds-output") {
    problem("reasoningTokens", `(${reported.reasoning}) exceed outputTokens (${reported.output}); reasoning tokens are a part of outputTokens`);
  }

  const cost = input.cost == null ? null : readCost(input.cost, (reason) => problem("cost", reason));
  const currency = readCurrency(input.currency ?? null, (reason) => problem("currency", reason));
  const tags = input.tags == null ? null : checkTags(input.tags, (field, reason) => problem(field, reason));

  const requests = input.requests ?? 1;
  const hasTokens = Object.values(reported).some((value) => value > 0);
  // requests defaults to 1, so only an explicit count makes an event without tokens or cost meaningful.
  if (!hasTokens && input.cost == null && !(input.requests != null && input.requests > 0)) {
    problem(null, "carries no usage: send token counts, a cost, or a request count");
  }

  if (problems.length > 0 || !timestamp || buckets.tokens === null) return { problems };
  const modelRaw = input.model?.trim() || null;
  return {
    event: {
      eventId: input.eventId,
      timestamp,
      provider: aiProviderId(providerName),
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier,
      tokens: buckets.tokens,
      requests,
      cost,
      currency,
      team: blankToNull(input.team),
      workflow: blankToNull(input.workflow),
      user: blankToNull(input.user),
      project: blankToNull(input.project),
      apiKey: blankToNull(input.apiKey),
      tags,
      serviceName: null,
    },
  };
}

function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;

function readTimestamp(value: string | number, now: Date, problem: (reason: string) => void): Date | null {
  let date: Date | null;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) {
      problem("must be whole epoch milliseconds");
      return null;
    }
    date = new Date(value);
  } else {
    const match = ISO_DATE_TIME.exec(value.trim());
    const [, year, month, day] = match ?? [];
    // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip does not exist.
    const calendarDay = match ? new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))) : null;
    if (!calendarDay || calendarDay.getUTCMonth() !== Number(month) - 1 || calendarDay.getUTCDate() !== Number(day)) {
      problem(`"${value.slice(0, 60)}" is not an ISO 8601 date-time with a UTC offset, e.g. "2026-02-10T09:15:02Z"`);
      return null;
    }
    date = parseDateTimeString(value.trim());
  }
  if (!date || Number.isNaN(date.getTime())) {
    problem("is not a valid date");
    return null;
  }
  const reason = timestampProblem(date, now);
  if (reason) {
    // Epoch seconds sent as milliseconds land in 1970; say so.
    const secondsHint = typeof value === "number" && value > 1e9 && value < 1e11 ? " (this looks like epoch seconds; send milliseconds)" : "";
    problem(reason + secondsHint);
    return null;
  }
  return date;
}

/** Why a usage time cannot be right, or null. Shared with OTLP spans. */
export function timestampProblem(date: Date, now: Date): string | null {
  if (date.getTime() < EARLIEST_USAGE) return `is ${date.toISOString()}, before 2015`;
  if (date.getTime() > now.getTime() + MAX_FUTURE_MS) return `is ${date.toISOString()}, more than 36 hours in the future`;
  return null;
}

/**
 * A cost as a canonical decimal string. A JSON number goes through its shortest decimal spelling (String(n)), so
 * 0.1 stays "0.1" and no float arithmetic ever touches money.
 */
export function readCost(value: string | number, problem: (reason: string) => void): string | null {
  let decimal: Decimal;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      problem("is not a finite number");
      return null;
    }
    decimal = new Decimal(String(value));
  } else {
    const trimmed = value.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) {
      problem(`"${value.slice(0, 40)}" is not a decimal number (use a dot, no exponent, e.g. "0.0123")`);
      return null;
    }
    decimal = new Decimal(trimmed);
  }
  if (decimal.isNegative() && !decimal.isZero()) {
    problem("must not be negative");
    return null;
  }
  if (decimal.decimalPlaces() > MAX_COST_DECIMALS) {
    problem(`has more than ${MAX_COST_DECIMALS} decimal places`);
    return null;
  }
  if (decimal.abs().trunc().toFixed().length > MAX_COST_INTEGER_DIGITS) {
    problem("is too large");
    return null;
  }
  return decimal.abs().toFixed();
}

export function readCurrency(value: string | null, problem: (reason: string) => void): string {
  if (value === null || value.trim() === "") return "USD";
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !CURRENCIES.includes(code)) problem(`"${value.slice(0, 20)}" is not an ISO 4217 currency code such as USD or EUR`);
  return code;
}

/** Tags within the limits, or null with each problem reported (field "tags.<key>" or "tags"). */
export function checkTags(tags: Record<string, string>, problem: (field: string, reason: string) => void): Record<string, string> | null {
  const entries = Object.entries(tags);
  let ok = true;
  if (entries.length > MAX_TAGS) {
    problem("tags", `has ${entries.length} tags; at most ${MAX_TAGS} are kept per event`);
    ok = false;
  }
  for (const [key, value] of entries) {
    if (!key.trim()) {
      problem("tags", "has an empty key");
      ok = false;
    } else if (key.length > MAX_TAG_KEY_LENGTH) {
      problem(`tags.${key.slice(0, 40)}…`, `key is longer than ${MAX_TAG_KEY_LENGTH} characters`);
      ok = false;
    } else if (value.length > MAX_TAG_VALUE_LENGTH) {
      problem(`tags.${key}`, `is longer than ${MAX_TAG_VALUE_LENGTH} characters`);
      ok = false;
    }
  }
  if (!ok) return null;
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** Token counts as a source reports them, before they become exclusive buckets. */
export type ReportedTokens = {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  reasoning: number;
};

/**
 * Exclusive buckets, so that no token is priced twice. With inclusive input (OpenAI, OpenTelemetry) the cache
 * reads and writes are subtracted from input; with exclusive input (Anthropic) input is already the uncached rest.
 * Counts that cannot be either convention are refused, never clamped.
 */
export function exclusiveTokenBuckets(
  reported: ReportedTokens,
  convention: { inputIncludesCache: boolean },
): { tokens: TokenBuckets; problem: null } | { tokens: null; problem: "cache-exceeds-input" | "reasoning-exceeds-output" } {
  const cached = reported.cacheRead + reported.cacheWrite5m + reported.cacheWrite1h;
  if (convention.inputIncludesCache && cached > reported.input) return { tokens: null, problem: "cache-exceeds-input" };
  if (reported.reasoning > reported.output) return { tokens: null, problem: "reasoning-exceeds-output" };
  return {
    tokens: {
      uncachedInputTokens: convention.inputIncludesCache ? reported.input - cached : reported.input,
      cacheReadInputTokens: reported.cacheRead,
      cacheWrite5mInputTokens: reported.cacheWrite5m,
      cacheWrite1hInputTokens: reported.cacheWrite1h,
      outputTokens: reported.output,
      reasoningTokens: reported.reasoning,
    },
    problem: null,
  };
}

const SERVICE_TIER_ALIASES: Record<string, ServiceTier> = {
  standard: "standard",
  batch: "batch",
  flex: "flex",
  priority: "priority",
  // OpenAI's request and response values: "auto" resolves to the project's default, which is standard processing;
  // "scale" is the Scale Tier, priced like priority.
  default: "standard",
  auto: "standard",
  scale: "priority",
};

/** The ledger's tier for a source's tier name, or null when it is not one. */
export function serviceTierOf(value: string): ServiceTier | null {
  return SERVICE_TIER_ALIASES[value.trim().toLowerCase()] ?? null;
}

// Every event is model usage, so a cloud's name means its AI platform: "aws" is Bedrock, "google" is Vertex AI.
// Keys are lower case with punctuation as "-": "gcp.vertex_ai" → "gcp-vertex-ai". The OpenTelemetry values
// (gen_ai.provider.name, the deprecated gen_ai.system) and OpenLLMetry's ("OpenAI", "Anthropic", "AWS", "Azure",
// "Google", "gemini") are here too.
const AI_PROVIDER_ALIASES: Record<string, string> = {
  openai: "openai",
  "open-ai": "openai",
  anthropic: "anthropic",
  "aws-bedrock": "aws-bedrock",
  bedrock: "aws-bedrock",
  "amazon-bedrock": "aws-bedrock",
  aws: "aws-bedrock",
  amazon: "aws-bedrock",
  "azure-openai": "azure-openai",
  "azure-ai-openai": "azure-openai",
  "az-ai-openai": "azure-openai",
  "azure-ai-inference": "azure-openai",
  "azure-ai-foundry": "azure-openai",
  azure: "azure-openai",
  microsoft: "azure-openai",
  "gcp-vertex": "gcp-vertex",
  "gcp-vertex-ai": "gcp-vertex",
  "gcp-gen-ai": "gcp-vertex",
  "gcp-gemini": "gcp-vertex",
  "vertex-ai": "gcp-vertex",
  vertex: "gcp-vertex",
  vertexai: "gcp-vertex",
  "google-vertex-ai": "gcp-vertex",
  "google-genai": "gcp-vertex",
  gemini: "gcp-vertex",
  google: "gcp-vertex",
  gcp: "gcp-vertex",
};

/** The ledger's provider id for a provider name as sources spell it; other names are slugged. */
export function aiProviderId(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return AI_PROVIDER_ALIASES[key] ?? slugProvider(name);
}
