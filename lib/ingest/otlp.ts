import { normalizeModelId } from "@/lib/ingest/model-names";
import type { ServiceTier } from "@/lib/ingest/types";
import {
  MAX_TEXT_LENGTH,
  aiProviderId,
  checkTags,
  exclusiveTokenBuckets,
  readCost,
  readCurrency,
  serviceTierOf,
  timestampProblem,
  type IngestError,
  type ReportedTokens,
  type UsageEvent,
} from "@/lib/ingest/usage-events";

// OTLP/HTTP JSON traces (POST /api/v1/otlp/v1/traces): an ExportTraceServiceRequest whose spans carry the
// OpenTelemetry GenAI attributes (reference/provider-formats.md §5). Every span with token counts becomes one
// UsageEvent; HTTP, database and other spans are counted as ignored.
//
// Input tokens, cached or not. The conventions say gen_ai.usage.input_tokens includes cache reads and writes, and
// every instrumentation checked emits it that way, Anthropic included (whose API counts input without the cache):
// - traceloop/openllmetry packages/opentelemetry-instrumentation-anthropic/…/anthropic/__init__.py and
//   streaming.py: input_tokens = usage.input_tokens + cache_read_input_tokens + cache_creation_input_tokens,
//   since prompt caching was first instrumented (PR #2175, 2024-10); tests/test_prompt_caching.py asserts
//   input_tokens 1167 with cache_creation_input_tokens 1163 (Anthropic's input_tokens was 4). Older releases name
//   them gen_ai.usage.prompt_tokens / gen_ai.usage.cache_read_input_tokens / gen_ai.usage.cache_creation_input_tokens,
//   newer ones gen_ai.usage.input_tokens / gen_ai.usage.cache_read.input_tokens / …cache_creation.input_tokens, and
//   the newest split creation by lifetime (gen_ai.usage.cache_creation.ephemeral_5m_input_tokens, _1h_).
// - traceloop/openllmetry packages/opentelemetry-instrumentation-openai/…/openai/shared/__init__.py: input is
//   OpenAI's prompt_tokens (cached included), cache reads from prompt_tokens_details.cached_tokens.
// - open-telemetry/opentelemetry-python-contrib instrumentation-genai/opentelemetry-instrumentation-openai-v2
//   (response_extractors.py): input_tokens as OpenAI reports it, gen_ai.usage.cache_read.input_tokens and
//   cache_creation.input_tokens from the details; instrumentation-genai/opentelemetry-instrumentation-anthropic
//   (messages_extractors.py): input = input + cache creation + cache read.
// - pydantic/logfire PR #1812 (2026-03) moved its Anthropic gen_ai.usage.input_tokens to the same inclusive count.
//   traceloop/openllmetry-js's Anthropic instrumentation (packages/instrumentation-anthropic/src/instrumentation.ts)
//   sends Anthropic's input_tokens with no cache attributes, which reads as all-uncached input here.
// So input is always read as inclusive. Cache counts above input cannot come from any of these and are refused
// with the span's error, not clamped. Reasoning tokens are inside output tokens (OpenAI's
// completion_tokens_details; OpenLLMetry's Google GenAI instrumentation adds Gemini's thoughts to its candidates
// count for the same reason).
//
// Spans are numbered in payload order (0 = the first span of the first scopeSpans of the first resourceSpans);
// an error's index is that number, or -1 when the payload itself is malformed.

export type OtlpParseResult = {
  events: UsageEvent[];
  /** Spans read from the payload. */
  spans: number;
  /** Spans without token usage (HTTP, database, workflow spans …) and agent spans whose usage their model-call spans already carry. */
  ignored: number;
  errors: IngestError[];
};

const INPUT_KEYS = ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens"];
const OUTPUT_KEYS = ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens"];
const CACHE_READ_KEYS = ["gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens", "llm.usage.cache_read_input_tokens"];
// cache_write.input_tokens is the name in open-telemetry/semantic-conventions-genai, replacing cache_creation.
const CACHE_WRITE_KEYS = ["gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_write.input_tokens", "gen_ai.usage.cache_creation_input_tokens"];
const CACHE_WRITE_5M_KEYS = ["gen_ai.usage.cache_creation.ephemeral_5m_input_tokens"];
const CACHE_WRITE_1H_KEYS = ["gen_ai.usage.cache_creation.ephemeral_1h_input_tokens"];
const REASONING_KEYS = ["gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens"];
const TOTAL_KEYS = ["gen_ai.usage.total_tokens", "llm.usage.total_tokens"];
const TOKEN_KEYS = [...INPUT_KEYS, ...OUTPUT_KEYS, ...CACHE_READ_KEYS, ...CACHE_WRITE_KEYS, ...CACHE_WRITE_5M_KEYS, ...CACHE_WRITE_1H_KEYS, ...REASONING_KEYS];

// gen_ai.system is deprecated for gen_ai.provider.name; llm.vendor is OpenLLMetry's name before either.
const PROVIDER_KEYS = ["gen_ai.provider.name", "gen_ai.system", "llm.vendor"];
const MODEL_KEYS = ["gen_ai.response.model", "gen_ai.request.model", "llm.response.model", "llm.request.model"];
const RESPONSE_TIER_KEYS = ["openai.response.service_tier", "gen_ai.openai.response.service_tier"];
const REQUEST_TIER_KEYS = ["openai.request.service_tier", "gen_ai.openai.request.service_tier"];
const USER_KEYS = ["user.id", "enduser.id", "gen_ai.user.id"];
const TAG_PREFIX = "tokenledger.tag.";
// OTLP/JSON writes enums as integers; a protobuf JSON encoder may write the name.
const SPAN_KIND_CLIENT = 3;

/**
 * An in-process agent or workflow span (kind INTERNAL) totals the usage of the model calls made inside it, which
 * agent frameworks also emit as spans of their own: counting it too would double the tokens. A CLIENT
 * invoke_agent span is a call to a remote agent service and the only record of its usage.
 */
const AGGREGATE_OPERATIONS = new Set(["invoke_agent", "invoke_workflow"]);

type AnyValue = Record<string, unknown>;
type Attributes = Map<string, AnyValue>;

export function parseOtlpTraces(body: unknown, options: { now?: Date } = {}): OtlpParseResult {
  const now = options.now ?? new Date();
  const result: OtlpParseResult = { events: [], spans: 0, ignored: 0, errors: [] };
  const payloadError = (field: string | null, reason: string) => result.errors.push({ index: -1, field, reason });

  if (!isObject(body)) {
    payloadError(null, "The body must be an OTLP ExportTraceServiceRequest in JSON: an object with resourceSpans.");
    return result;
  }
  const resourceSpansList = body.resourceSpans ?? [];
  if (!Array.isArray(resourceSpansList)) {
    payloadError("resourceSpans", "must be an array");
    return result;
  }

  const firstIndexById = new Map<string, number>();
  resourceSpansList.forEach((resourceSpans: unknown, r) => {
    const resourcePath = `resourceSpans[${r}]`;
    if (!isObject(resourceSpans)) return payloadError(resourcePath, "must be an object");
    const resourceAttributes = readAttributes(isObject(resourceSpans.resource) ? resourceSpans.resource.attributes : undefined);
    if (!resourceAttributes) return payloadError(`${resourcePath}.resource.attributes`, "must be an array of key-value pairs");
    // instrumentationLibrarySpans: the name before OTLP 0.15, still sent by old exporters.
    const scopeSpansList = resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans ?? [];
    if (!Array.isArray(scopeSpansList)) return payloadError(`${resourcePath}.scopeSpans`, "must be an array");
    scopeSpansList.forEach((scopeSpans: unknown, s) => {
      const scopePath = `${resourcePath}.scopeSpans[${s}]`;
      if (!isObject(scopeSpans)) return payloadError(scopePath, "must be an object");
      const spans = scopeSpans.spans ?? [];
      if (!Array.isArray(spans)) return payloadError(`${scopePath}.spans`, "must be an array");
      for (const span of spans as unknown[]) {
        const index = result.spans++;
        const outcome = readSpan(span, resourceAttributes, now);
        if (outcome.kind === "ignored") {
          result.ignored++;
        } else if (outcome.kind === "invalid") {
          for (const problem of outcome.problems) result.errors.push({ index, ...problem });
        } else {
          const first = firstIndexById.get(outcome.event.eventId);
          if (first !== undefined) {
            result.errors.push({ index, field: "spanId", reason: `repeats the span at index ${first} (same traceId and spanId); the first one is kept` });
          } else {
            firstIndexById.set(outcome.event.eventId, index);
            result.events.push(outcome.event);
          }
        }
      }
    });
  });
  return result;
}

type Problem = { field: string | null; reason: string };
type SpanOutcome = { kind: "event"; event: UsageEvent } | { kind: "ignored" } | { kind: "invalid"; problems: Problem[] };

function readSpan(span: unknown, resource: Attributes, now: Date): SpanOutcome {
  if (!isObject(span)) return { kind: "invalid", problems: [{ field: null, reason: "is not a span object" }] };
  const attributes = readAttributes(span.attributes);
  if (!attributes) return { kind: "invalid", problems: [{ field: "attributes", reason: "must be an array of key-value pairs" }] };

  const problems: Problem[] = [];
  const problem = (field: string | null, reason: string) => problems.push({ field, reason });

  if (!TOKEN_KEYS.some((key) => attributes.has(key))) {
    const totalKey = TOTAL_KEYS.find((key) => attributes.has(key));
    if (!totalKey) return { kind: "ignored" };
    return { kind: "invalid", problems: [{ field: totalKey, reason: "is the only token count on this span; input and output counts are needed to price it" }] };
  }
  const operation = stringAttribute(attributes, "gen_ai.operation.name");
  const client = span.kind === SPAN_KIND_CLIENT || span.kind === "SPAN_KIND_CLIENT";
  if (operation && AGGREGATE_OPERATIONS.has(operation) && !client) return { kind: "ignored" };

  const traceId = hexId(span.traceId, 16);
  if (!traceId) problem("traceId", "must be 32 hex digits, not all zero");
  const spanId = hexId(span.spanId, 8);
  if (!spanId) problem("spanId", "must be 16 hex digits, not all zero");
  const timestamp = readSpanTime(span, now, problem);

  const tokens = readTokens(attributes, problem);
  const provider = readProvider(attributes);
  const modelRaw = firstString(attributes, MODEL_KEYS);
  const serviceTier = readServiceTier(attributes, problem);

  const team = boundedText(attributes, resource, "tokenledger.team", problem);
  const workflow = boundedText(attributes, resource, "tokenledger.workflow", problem);
  const userKey = USER_KEYS.find((key) => stringAttribute(attributes, key) !== null);
  const user = userKey ? stringAttribute(attributes, userKey) : null;
  if (userKey && user!.length > MAX_TEXT_LENGTH) problem(userKey, `is longer than ${MAX_TEXT_LENGTH} characters`);
  const tags = readTags(resource, attributes, problem);

  const costValue = attributes.get("tokenledger.cost");
  let cost: string | null = null;
  if (costValue !== undefined) {
    const raw = costValue.stringValue ?? costValue.doubleValue ?? intAsNumber(costValue.intValue);
    if (typeof raw === "string" || typeof raw === "number") cost = readCost(raw, (reason) => problem("tokenledger.cost", reason));
    else problem("tokenledger.cost", "must be a decimal string or a number");
  }
  const currency = readCurrency(stringAttribute(attributes, "tokenledger.currency"), (reason) => problem("tokenledger.currency", reason));

  if (problems.length > 0 || !traceId || !spanId || !timestamp || !tokens) return { kind: "invalid", problems };
  return {
    kind: "event",
    event: {
      eventId: `otel:${traceId}:${spanId}`,
      timestamp,
      provider,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier,
      tokens,
      requests: 1,
      cost,
      currency,
      team,
      workflow,
      user,
      project: null,
      apiKey: null,
      tags,
      serviceName: stringAttribute(resource, "service.name"),
    },
  };
}

function readTokens(attributes: Attributes, problem: (field: string, reason: string) => void): UsageEvent["tokens"] | null {
  let readable = true;
  const first = (keys: readonly string[]): { key: string; value: number } | null => {
    const key = keys.find((candidate) => attributes.has(candidate));
    if (key === undefined) return null;
    const parsed = countValue(attributes.get(key)!);
    if (typeof parsed === "string") {
      problem(key, parsed);
      readable = false;
      return null;
    }
    return { key, value: parsed };
  };
  const input = first(INPUT_KEYS);
  const output = first(OUTPUT_KEYS);
  const cacheRead = first(CACHE_READ_KEYS);
  const cacheWrite = first(CACHE_WRITE_KEYS);
  const cacheWrite5m = first(CACHE_WRITE_5M_KEYS);
  const cacheWrite1h = first(CACHE_WRITE_1H_KEYS);
  const reasoning = first(REASONING_KEYS);
  if (!readable) return null;

  // OpenLLMetry splits Anthropic's cache_creation_input_tokens by lifetime beside the total; either part may be
  // absent, and then it is the rest of the total.
  let write5m = cacheWrite?.value ?? 0;
  let write1h = 0;
  if (cacheWrite5m || cacheWrite1h) {
    const split = (cacheWrite5m?.value ?? 0) + (cacheWrite1h?.value ?? 0);
    if (cacheWrite && split > cacheWrite.value) {
      const parts = [cacheWrite5m, cacheWrite1h].filter((part) => part !== null).map((part) => `${part.key} (${part.value})`);
      problem(cacheWrite.key, `(${cacheWrite.value}) is less than its parts ${parts.join(" + ")}`);
      return null;
    }
    write1h = cacheWrite1h?.value ?? (cacheWrite ? cacheWrite.value - (cacheWrite5m?.value ?? 0) : 0);
    write5m = cacheWrite ? cacheWrite.value - write1h : (cacheWrite5m?.value ?? 0);
  }

  const reported: ReportedTokens = {
    input: input?.value ?? 0,
    output: output?.value ?? 0,
    cacheRead: cacheRead?.value ?? 0,
    cacheWrite5m: write5m,
    cacheWrite1h: write1h,
    reasoning: reasoning?.value ?? 0,
  };
  const buckets = exclusiveTokenBuckets(reported, { inputIncludesCache: true });
  if (buckets.problem === "cache-exceeds-input") {
    const parts = [cacheRead, cacheWrite ?? cacheWrite5m, cacheWrite ? null : cacheWrite1h]
      .filter((part) => part !== null && part.value > 0)
      .map((part) => `${part!.key} (${part!.value})`);
    const inputName = input ? `${input.key} (${input.value})` : `the input count (${INPUT_KEYS[0]} is absent)`;
    problem(
      input?.key ?? INPUT_KEYS[0]!,
      `${parts.join(" + ")} exceed ${inputName}; OpenTelemetry instrumentations count cached tokens inside input, so these counts cannot be split into cached and uncached input`,
    );
    return null;
  }
  if (buckets.problem === "reasoning-exceeds-output") {
    const outputName = output ? `${output.key} (${output.value})` : `the output count (${OUTPUT_KEYS[0]} is absent)`;
    problem(reasoning!.key, `(${reasoning!.value}) exceeds ${outputName}; reasoning tokens are a part of output tokens`);
    return null;
  }
  return buckets.tokens;
}

/** A token count from an attribute, or why it is not one. int64 arrives as a JSON string in protobuf's JSON mapping. */
function countValue(value: AnyValue): number | string {
  let number: number;
  if (typeof value.intValue === "string" && /^-?\d+$/.test(value.intValue)) number = Number(value.intValue);
  else if (typeof value.intValue === "number") number = value.intValue;
  else if (typeof value.doubleValue === "number") number = value.doubleValue;
  // Some instrumentations stringify every attribute.
  else if (typeof value.stringValue === "string" && /^-?\d+$/.test(value.stringValue.trim())) number = Number(value.stringValue.trim());
  else return `is not a token count (${JSON.stringify(value).slice(0, 80)})`;
  if (!Number.isInteger(number)) return `is not a whole number (${number})`;
  if (number < 0) return `is negative (${number})`;
  if (number > Number.MAX_SAFE_INTEGER) return "is too large";
  return number;
}

function intAsNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function readSpanTime(span: AnyValue, now: Date, problem: (field: string, reason: string) => void): Date | null {
  const end = unixNanoToDate(span.endTimeUnixNano);
  const start = unixNanoToDate(span.startTimeUnixNano);
  if (end === "invalid") problem("endTimeUnixNano", "must be nanoseconds since the epoch, as a string or a number");
  if (start === "invalid") problem("startTimeUnixNano", "must be nanoseconds since the epoch, as a string or a number");
  if (end === "invalid" || start === "invalid") return null;
  // The usage is billed when the response completes; a span still open at export has only its start.
  const date = end ?? start;
  const field = end ? "endTimeUnixNano" : "startTimeUnixNano";
  if (!date) {
    problem(field, "is missing: the span has neither an end nor a start time");
    return null;
  }
  const reason = timestampProblem(date, now);
  if (reason) {
    problem(field, reason);
    return null;
  }
  return date;
}

/**
 * To the nearest millisecond: a nanosecond count written as a JSON number is above 2^53 and off by up to 128 ns,
 * so truncating would turn …730 ms into …729 ms. null for absent or 0 (protobuf's "unset"), "invalid" for anything
 * that is not a nanosecond count.
 */
function unixNanoToDate(value: unknown): Date | null | "invalid" {
  if (value === undefined || value === null || value === 0 || value === "0") return null;
  if (typeof value === "string" && /^\d{1,30}$/.test(value)) return new Date(Number((BigInt(value) + 500_000n) / 1_000_000n));
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return new Date(Math.round(value / 1_000_000));
  return "invalid";
}

/**
 * OTLP/JSON writes ids as hex (the OTLP spec departs from protobuf's JSON mapping here); exporters that use the
 * plain protobuf mapping write base64, which is read too.
 */
function hexId(value: unknown, bytes: number): string | null {
  if (typeof value !== "string") return null;
  let hex: string | null = null;
  if (value.length === bytes * 2 && /^[0-9a-f]+$/i.test(value)) hex = value.toLowerCase();
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, "base64");
    if (decoded.length === bytes && decoded.toString("base64") === value) hex = decoded.toString("hex");
  }
  return hex && /[1-9a-f]/.test(hex) ? hex : null;
}

function readProvider(attributes: Attributes): string {
  const name = firstString(attributes, PROVIDER_KEYS);
  const host = serverHost(attributes);
  if (name) {
    const provider = aiProviderId(name);
    // The OpenAI client talks to Azure OpenAI too; older OpenLLMetry releases label those calls "OpenAI".
    if (provider === "openai" && host && /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/.test(host)) return "azure-openai";
    return provider;
  }
  return (host && providerForHost(host)) ?? "unknown";
}

function serverHost(attributes: Attributes): string | null {
  const address = stringAttribute(attributes, "server.address");
  if (address) return address.toLowerCase();
  const base = stringAttribute(attributes, "gen_ai.openai.api_base");
  if (!base) return null;
  try {
    return new URL(base).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function providerForHost(host: string): string | null {
  if (host === "api.openai.com") return "openai";
  if (host === "api.anthropic.com") return "anthropic";
  if (/bedrock.*\.amazonaws\.com$/.test(host)) return "aws-bedrock";
  if (/\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/.test(host)) return "azure-openai";
  if (/(aiplatform|generativelanguage)\.googleapis\.com$/.test(host)) return "gcp-vertex";
  return null;
}

function readServiceTier(attributes: Attributes, problem: (field: string, reason: string) => void): ServiceTier | null {
  // The response says which tier served the call; a request for "auto" says nothing until it does.
  const responseKey = RESPONSE_TIER_KEYS.find((key) => stringAttribute(attributes, key));
  const requestKey = REQUEST_TIER_KEYS.find((key) => {
    const value = stringAttribute(attributes, key);
    return value && value.toLowerCase() !== "auto";
  });
  const key = responseKey ?? requestKey;
  if (!key) return null;
  const value = stringAttribute(attributes, key)!;
  const tier = serviceTierOf(value);
  if (!tier) problem(key, `"${value}" is not a service tier this ledger prices (standard, batch, flex, priority; default, auto, scale)`);
  return tier;
}

function boundedText(span: Attributes, resource: Attributes, key: string, problem: (field: string, reason: string) => void): string | null {
  const value = stringAttribute(span, key) ?? stringAttribute(resource, key);
  if (value !== null && value.length > MAX_TEXT_LENGTH) {
    problem(key, `is longer than ${MAX_TEXT_LENGTH} characters`);
    return null;
  }
  return value;
}

function readTags(resource: Attributes, span: Attributes, problem: (field: string, reason: string) => void): Record<string, string> | null {
  const tags: Record<string, string> = {};
  // Span tags override resource tags of the same key.
  for (const attributes of [resource, span]) {
    for (const [key, value] of attributes) {
      if (!key.startsWith(TAG_PREFIX)) continue;
      const scalar = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
      if (scalar === undefined || typeof scalar === "object") {
        problem(key, "must be a string");
        continue;
      }
      tags[key.slice(TAG_PREFIX.length)] = String(scalar);
    }
  }
  if (Object.keys(tags).length === 0) return null;
  return checkTags(tags, (field, reason) => problem(field === "tags" ? `${TAG_PREFIX}*` : field.replace(/^tags\./, TAG_PREFIX), reason));
}

function readAttributes(list: unknown): Attributes | null {
  const attributes: Attributes = new Map();
  if (list === undefined || list === null) return attributes;
  if (!Array.isArray(list)) return null;
  for (const entry of list as unknown[]) {
    // An entry without a key or value cannot carry anything we read; it does not spoil the span.
    if (isObject(entry) && typeof entry.key === "string" && isObject(entry.value)) attributes.set(entry.key, entry.value);
  }
  return attributes;
}

function stringAttribute(attributes: Attributes, key: string): string | null {
  const value = attributes.get(key)?.stringValue;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function firstString(attributes: Attributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = stringAttribute(attributes, key);
    if (value !== null) return value;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
