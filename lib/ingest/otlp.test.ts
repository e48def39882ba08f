import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZERO_TOKENS } from "@/lib/ingest/fields";
import { parseOtlpTraces } from "@/lib/ingest/otlp";
import type { TokenBuckets } from "@/lib/ingest/types";
import type { UsageEvent } from "@/lib/ingest/usage-events";

const now = new Date("2026-02-11T00:00:00Z");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "otlp", name), "utf8"));
const parse = (body: unknown) => parseOtlpTraces(body, { now });

/** An expected event: what every OTLP event shares, plus the fields under test. */
function event(fields: Partial<Omit<UsageEvent, "tokens">> & { eventId: string; timestamp: Date; tokens: Partial<TokenBuckets> }): UsageEvent {
  return {
    provider: "openai",
    modelRaw: null,
    model: null,
    serviceTier: null,
    requests: 1,
    cost: null,
    currency: "USD",
    team: null,
    workflow: null,
    user: null,
    project: null,
    apiKey: null,
    tags: null,
    serviceName: null,
    ...fields,
    tokens: { ...ZERO_TOKENS, ...fields.tokens },
  };
}

describe("parseOtlpTraces: instrumentation fixtures", () => {
  it("reads OpenLLMetry's OpenAI spans: cached tokens inside prompt_tokens, reasoning inside output", () => {
    const result = parse(fixture("openllmetry-openai-chat.json"));
    expect(result.errors).toEqual([]);
    expect(result.spans).toBe(6);
    // FastAPI server, traceloop workflow, asyncpg, httpx client.
    expect(result.ignored).toBe(4);
    expect(result.events).toEqual([
      event({
        eventId: "otel:5b8efff798038103d269b633813fc60c:00f067aa0ba902b7",
        timestamp: new Date("2026-02-10T09:15:02.987Z"),
        provider: "openai",
        modelRaw: "gpt-4o-mini-2024-07-18",
        model: "gpt-4o-mini-2024-07-18",
        // prompt_tokens 2006 includes the 1920 cached tokens.
        tokens: { uncachedInputTokens: 86, cacheReadInputTokens: 1920, outputTokens: 300 },
        team: "Support",
        workflow: "ticket-answering",
        serviceName: "support-bot",
      }),
      event({
        eventId: "otel:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331",
        timestamp: new Date("2026-02-10T09:16:31.512Z"),
        provider: "openai",
        modelRaw: "o4-mini-2025-04-16",
        model: "o4-mini-2025-04-16",
        serviceTier: "flex",
        tokens: { uncachedInputTokens: 5400, outputTokens: 1250, reasoningTokens: 896 },
        team: "Support Escalations",
        serviceName: "escalation-worker",
      }),
    ]);
  });

  it("reads OpenLLMetry's Anthropic spans, whose input already includes cache reads and writes", () => {
    const result = parse(fixture("openllmetry-anthropic-prompt-caching.json"));
    expect(result.errors).toEqual([]);
    expect(result.spans).toBe(5);
    expect(result.ignored).toBe(2);
    expect(result.events).toEqual([
      // OpenLLMetry's own test cassette: Anthropic said input_tokens 4 + cache_creation_input_tokens 1163; the span says 1167.
      event({
        eventId: "otel:4bf92f3577b34da6a3ce929d0e0e4736:a2fb4a1d1a96d312",
        timestamp: new Date("2026-02-10T10:02:16.406Z"),
        provider: "anthropic",
        modelRaw: "claude-3-5-sonnet-20240620",
        model: "claude-3-5-sonnet-20240620",
        tokens: { uncachedInputTokens: 4, cacheWrite5mInputTokens: 1163, outputTokens: 187 },
        team: "Research",
        workflow: "news-digest",
        serviceName: "research-agent",
      }),
      event({
        eventId: "otel:4bf92f3577b34da6a3ce929d0e0e4736:b3e1f8a2c4d65e70",
        timestamp: new Date("2026-02-10T10:02:21.730Z"),
        provider: "anthropic",
        modelRaw: "claude-3-5-sonnet-20240620",
        model: "claude-3-5-sonnet-20240620",
        tokens: { uncachedInputTokens: 4, cacheReadInputTokens: 1163, outputTokens: 202 },
        team: "Research",
        // The span's workflow wins over the resource's.
        workflow: "news-digest-followup",
        serviceName: "research-agent",
      }),
      // Newer names, with cache creation split by lifetime: 3020 = 20 uncached + 1000 read + 1500 (5 min) + 500 (1 h).
      event({
        eventId: "otel:7d3c1a2b9e8f4c5d6a7b8c9d0e1f2a3b:e5f6a7b8c9d0e1f2",
        timestamp: new Date("2026-02-10T11:30:09.250Z"),
        provider: "anthropic",
        modelRaw: "claude-sonnet-4-5-20250929",
        model: "claude-sonnet-4-5-20250929",
        tokens: { uncachedInputTokens: 20, cacheReadInputTokens: 1000, cacheWrite5mInputTokens: 1500, cacheWrite1hInputTokens: 500, outputTokens: 850 },
        workflow: "weekly-report",
        tags: { env: "prod", customer: "acme" },
        serviceName: "research-worker",
      }),
    ]);
  });

  it("reads opentelemetry-instrumentation-openai-v2 spans with the current conventions", () => {
    const result = parse(fixture("otel-openai-v2.json"));
    expect(result.errors).toEqual([]);
    expect(result.spans).toBe(5);
    expect(result.ignored).toBe(2);
    const shared = { team: "Finance", workflow: "invoice-qa", serviceName: "billing-assistant" };
    expect(result.events).toEqual([
      event({
        ...shared,
        eventId: "otel:3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c:3c4d5e6f70819203",
        timestamp: new Date("2026-02-10T14:00:00.310Z"),
        modelRaw: "text-embedding-3-small",
        model: "text-embedding-3-small",
        tokens: { uncachedInputTokens: 8192 },
      }),
      event({
        ...shared,
        eventId: "otel:3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c:4d5e6f7081920314",
        timestamp: new Date("2026-02-10T14:00:04.812Z"),
        modelRaw: "gpt-4o-2024-08-06",
        model: "gpt-4o-2024-08-06",
        // The request asked for "auto"; the response says the default (standard) tier served it.
        serviceTier: "standard",
        tokens: { uncachedInputTokens: 1576, cacheReadInputTokens: 11264, outputTokens: 512 },
        user: "u_4821",
      }),
      // openai-v2 labels Azure OpenAI calls "openai"; the server address says where they went.
      event({
        ...shared,
        eventId: "otel:9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f:5e6f708192031425",
        timestamp: new Date("2026-02-10T14:05:01.337Z"),
        provider: "azure-openai",
        modelRaw: "gpt-4o-mini-2024-07-18",
        model: "gpt-4o-mini-2024-07-18",
        tokens: { uncachedInputTokens: 950, outputTokens: 120 },
        team: "Finance Ops",
      }),
    ]);
  });

  it("adds up every fixture's tokens exactly: no token lost, none counted twice", () => {
    const events = ["openllmetry-openai-chat.json", "openllmetry-anthropic-prompt-caching.json", "otel-openai-v2.json"].flatMap(
      (name) => parse(fixture(name)).events,
    );
    const input = events.reduce(
      (sum, { tokens }) => sum + tokens.uncachedInputTokens + tokens.cacheReadInputTokens + tokens.cacheWrite5mInputTokens + tokens.cacheWrite1hInputTokens,
      0,
    );
    // The spans' own input counts: 2006 + 5400 + 1167 + 1167 + 3020 + 8192 + 12840 + 950.
    expect(input).toBe(34_742);
    expect(events.reduce((sum, { tokens }) => sum + tokens.outputTokens, 0)).toBe(300 + 1250 + 187 + 202 + 850 + 0 + 512 + 120);
  });
});

// Building blocks for hand-made payloads.
type Attribute = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string): Attribute => ({ key, value: { intValue: typeof value === "number" ? String(value) : value } });
const TRACE = "5b8efff798038103d269b633813fc60c";
let nextSpan = 1;
function llmSpan(attributes: Attribute[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE,
    spanId: (nextSpan++).toString(16).padStart(16, "0"),
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: "1770714900000000000",
    endTimeUnixNano: "1770714902000000000",
    attributes: [str("gen_ai.provider.name", "openai"), str("gen_ai.request.model", "gpt-4o"), int("gen_ai.usage.input_tokens", 100), int("gen_ai.usage.output_tokens", 10), ...attributes],
    ...fields,
  };
}
const payload = (spans: unknown[], resourceAttributes: Attribute[] = []) => ({
  resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: { name: "test" }, spans }] }],
});
/** Attributes replaced by key (the defaults of llmSpan are overridden, not duplicated). */
function withAttributes(span: Record<string, unknown>, replace: Attribute[], remove: string[] = []): Record<string, unknown> {
  const keys = new Set([...replace.map((attribute) => attribute.key), ...remove]);
  return { ...span, attributes: [...(span.attributes as Attribute[]).filter((attribute) => !keys.has(attribute.key)), ...replace] };
}
const single = (span: Record<string, unknown>, resourceAttributes: Attribute[] = []) => parse(payload([span], resourceAttributes));

describe("parseOtlpTraces: spans", () => {
  it("reads team and workflow from the span, else from the resource", () => {
    const resource = [str("service.name", "checkout"), str("tokenledger.team", "Payments"), str("tokenledger.workflow", "fraud-check")];
    const { events } = parse(
      payload(
        [llmSpan([]), llmSpan([str("tokenledger.team", "Risk")]), llmSpan([str("tokenledger.workflow", "refunds"), str("tokenledger.team", "Risk")])],
        resource,
      ),
    );
    expect(events.map((e) => [e.team, e.workflow, e.serviceName])).toEqual([
      ["Payments", "fraud-check", "checkout"],
      ["Risk", "fraud-check", "checkout"],
      ["Risk", "refunds", "checkout"],
    ]);
    expect(single(llmSpan([])).events[0]).toMatchObject({ team: null, workflow: null, serviceName: null });
  });

  it("reads the end user, tags (span over resource), and a cost attribute as a decimal string", () => {
    const { events, errors } = single(
      llmSpan([
        str("enduser.id", "u_77"),
        str("tokenledger.tag.env", "staging"),
        str("tokenledger.tag.feature", "summaries"),
        { key: "tokenledger.cost", value: { doubleValue: 0.0042 } },
      ]),
      [str("tokenledger.tag.env", "prod"), str("tokenledger.tag.region", "eu")],
    );
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ user: "u_77", tags: { env: "staging", region: "eu", feature: "summaries" }, cost: "0.0042", currency: "USD" });
    expect(single(llmSpan([str("tokenledger.cost", "1.50"), str("tokenledger.currency", "eur")])).events[0]).toMatchObject({ cost: "1.5", currency: "EUR" });
  });

  it("makes an event of a span without a model: it is kept, to be shown as unpriced", () => {
    const { events, errors } = single(withAttributes(llmSpan([]), [], ["gen_ai.request.model"]));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ model: null, modelRaw: null, tokens: { ...ZERO_TOKENS, uncachedInputTokens: 100, outputTokens: 10 } });
  });

  it("prefers the response model to the requested one", () => {
    expect(single(llmSpan([str("gen_ai.response.model", "gpt-4o-2024-11-20")])).events[0]!.model).toBe("gpt-4o-2024-11-20");
  });

  it.each([
    ["openai", "openai"],
    ["OpenAI", "openai"],
    ["anthropic", "anthropic"],
    ["Anthropic", "anthropic"],
    ["aws.bedrock", "aws-bedrock"],
    ["AWS", "aws-bedrock"],
    ["az.ai.openai", "azure-openai"],
    ["azure.ai.openai", "azure-openai"],
    ["azure.ai.inference", "azure-openai"],
    ["Azure", "azure-openai"],
    ["gcp.vertex_ai", "gcp-vertex"],
    ["gcp.gen_ai", "gcp-vertex"],
    ["gcp.gemini", "gcp-vertex"],
    ["vertex_ai", "gcp-vertex"],
    ["gemini", "gcp-vertex"],
    ["Google", "gcp-vertex"],
    ["mistral_ai", "mistral-ai"],
    ["x_ai", "x-ai"],
    ["ibm.watsonx.ai", "ibm-watsonx-ai"],
    ["deepseek", "deepseek"],
  ])("maps gen_ai.system %j to provider %s", (system, provider) => {
    const span = withAttributes(llmSpan([]), [str("gen_ai.system", system)], ["gen_ai.provider.name"]);
    expect(single(span).events[0]!.provider).toBe(provider);
  });

  it("prefers gen_ai.provider.name to the deprecated gen_ai.system, and falls back on the server address", () => {
    expect(single(llmSpan([str("gen_ai.system", "anthropic")])).events[0]!.provider).toBe("openai");
    const unnamed = (host: string) => single(withAttributes(llmSpan([str("server.address", host)]), [], ["gen_ai.provider.name"])).events[0]!.provider;
    expect(unnamed("api.anthropic.com")).toBe("anthropic");
    expect(unnamed("bedrock-runtime.us-east-1.amazonaws.com")).toBe("aws-bedrock");
    expect(unnamed("us-central1-aiplatform.googleapis.com")).toBe("gcp-vertex");
    expect(unnamed("llm.internal")).toBe("unknown");
    const viaApiBase = withAttributes(llmSpan([str("gen_ai.system", "OpenAI"), str("gen_ai.openai.api_base", "https://contoso.openai.azure.com/openai/")]), [], ["gen_ai.provider.name"]);
    expect(single(viaApiBase).events[0]!.provider).toBe("azure-openai");
  });

  it("reads the older names and OpenLLMetry's first llm.* names", () => {
    const span = withAttributes(
      llmSpan([]),
      [str("llm.vendor", "Anthropic"), str("llm.request.model", "claude-2.1"), int("llm.usage.prompt_tokens", 900), int("llm.usage.completion_tokens", 80), int("llm.usage.total_tokens", 980)],
      ["gen_ai.provider.name", "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"],
    );
    expect(single(span).events[0]).toMatchObject({ provider: "anthropic", model: "claude-2.1", tokens: { ...ZERO_TOKENS, uncachedInputTokens: 900, outputTokens: 80 } });
  });

  it("reads int64 written as strings, as numbers, as whole doubles and as digit strings", () => {
    const counts = (value: Record<string, unknown>) =>
      single(withAttributes(llmSpan([]), [{ key: "gen_ai.usage.input_tokens", value }])).events[0]?.tokens.uncachedInputTokens;
    expect(counts({ intValue: "2006" })).toBe(2006);
    expect(counts({ intValue: 2006 })).toBe(2006);
    expect(counts({ doubleValue: 2006 })).toBe(2006);
    expect(counts({ stringValue: "2006" })).toBe(2006);
  });

  it("splits a cache write given as a total and one lifetime part", () => {
    const span = llmSpan([
      int("gen_ai.usage.cache_creation.input_tokens", 60),
      int("gen_ai.usage.cache_creation.ephemeral_1h_input_tokens", 15),
      int("gen_ai.usage.cache_read.input_tokens", 30),
    ]);
    expect(single(span).events[0]!.tokens).toEqual({ ...ZERO_TOKENS, uncachedInputTokens: 10, cacheReadInputTokens: 30, cacheWrite5mInputTokens: 45, cacheWrite1hInputTokens: 15, outputTokens: 10 });
  });

  it("takes the start time when the span has no end time", () => {
    expect(single(llmSpan([], { endTimeUnixNano: "0" })).events[0]!.timestamp).toEqual(new Date("2026-02-10T09:15:00.000Z"));
  });

  it("accepts base64 ids (protobuf's JSON mapping) and writes them as hex", () => {
    const span = llmSpan([], { traceId: Buffer.from(TRACE, "hex").toString("base64"), spanId: Buffer.from("00f067aa0ba902b7", "hex").toString("base64") });
    expect(single(span).events[0]!.eventId).toBe(`otel:${TRACE}:00f067aa0ba902b7`);
    expect(single(llmSpan([], { traceId: TRACE.toUpperCase() })).events[0]!.eventId).toMatch(/^otel:5b8efff798038103d269b633813fc60c:/);
  });

  it("ignores in-process agent spans whose usage the model-call spans already carry, but not remote agents", () => {
    const agent = (kind: number | string) => llmSpan([str("gen_ai.operation.name", "invoke_agent"), int("gen_ai.usage.input_tokens", 5000)], { kind });
    const result = parse(payload([agent(1), llmSpan([]), agent(3), agent("SPAN_KIND_CLIENT")]));
    expect(result).toMatchObject({ spans: 4, ignored: 1, errors: [] });
    expect(result.events.map((e) => e.tokens.uncachedInputTokens)).toEqual([100, 5000, 5000]);
  });

  it("counts spans without token usage as ignored, including ones with malformed attribute entries", () => {
    const http = { traceId: TRACE, spanId: "1111111111111111", name: "GET /", kind: 2, attributes: [str("http.request.method", "GET"), { key: 5 }, { value: {} }] };
    expect(parse(payload([http, llmSpan([])]))).toMatchObject({ spans: 2, ignored: 1, errors: [] });
  });
});

describe("parseOtlpTraces: rejected spans", () => {
  it.each<[string, Record<string, unknown>, string | null, string]>([
    ["a trace id of the wrong length", llmSpan([], { traceId: "abc" }), "traceId", "32 hex digits"],
    ["an all-zero trace id", llmSpan([], { traceId: "0".repeat(32) }), "traceId", "not all zero"],
    ["a missing span id", llmSpan([], { spanId: undefined }), "spanId", "16 hex digits"],
    ["no times", llmSpan([], { startTimeUnixNano: undefined, endTimeUnixNano: undefined }), "startTimeUnixNano", "neither an end nor a start time"],
    ["a time that is not a number", llmSpan([], { endTimeUnixNano: "2026-02-10" }), "endTimeUnixNano", "nanoseconds since the epoch"],
    ["a time in the future", llmSpan([], { endTimeUnixNano: "1800000000000000000" }), "endTimeUnixNano", "more than 36 hours in the future"],
    ["a time in milliseconds", llmSpan([], { endTimeUnixNano: "1770714902000" }), "endTimeUnixNano", "before 2015"],
    ["negative tokens", withAttributes(llmSpan([]), [int("gen_ai.usage.output_tokens", -4)]), "gen_ai.usage.output_tokens", "is negative (-4)"],
    ["fractional tokens", withAttributes(llmSpan([]), [{ key: "gen_ai.usage.input_tokens", value: { doubleValue: 10.5 } }]), "gen_ai.usage.input_tokens", "not a whole number"],
    ["tokens as text", withAttributes(llmSpan([]), [str("gen_ai.usage.input_tokens", "many")]), "gen_ai.usage.input_tokens", "is not a token count"],
    ["tokens as a boolean", withAttributes(llmSpan([]), [{ key: "gen_ai.usage.input_tokens", value: { boolValue: true } }]), "gen_ai.usage.input_tokens", "is not a token count"],
    [
      "cache reads above the input count",
      withAttributes(llmSpan([]), [int("gen_ai.usage.input_tokens", 4), int("gen_ai.usage.cache_read.input_tokens", 1163)]),
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.cache_read.input_tokens (1163) exceed gen_ai.usage.input_tokens (4); OpenTelemetry instrumentations count cached tokens inside input",
    ],
    [
      "cache writes without an input count",
      withAttributes(llmSpan([]), [int("gen_ai.usage.cache_creation_input_tokens", 50)], ["gen_ai.usage.input_tokens"]),
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.cache_creation_input_tokens (50) exceed the input count (gen_ai.usage.input_tokens is absent)",
    ],
    [
      "lifetime parts above the cache-write total",
      llmSpan([int("gen_ai.usage.cache_creation.input_tokens", 20), int("gen_ai.usage.cache_creation.ephemeral_5m_input_tokens", 15), int("gen_ai.usage.cache_creation.ephemeral_1h_input_tokens", 10)]),
      "gen_ai.usage.cache_creation.input_tokens",
      "(20) is less than its parts",
    ],
    [
      "reasoning above output",
      llmSpan([int("gen_ai.usage.reasoning.output_tokens", 11)]),
      "gen_ai.usage.reasoning.output_tokens",
      "(11) exceeds gen_ai.usage.output_tokens (10); reasoning tokens are a part of output tokens",
    ],
    [
      "only a total",
      withAttributes(llmSpan([int("llm.usage.total_tokens", 110)]), [], ["gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"]),
      "llm.usage.total_tokens",
      "is the only token count on this span",
    ],
    ["an unknown service tier", llmSpan([str("openai.response.service_tier", "turbo")]), "openai.response.service_tier", '"turbo" is not a service tier'],
    ["a negative cost", llmSpan([str("tokenledger.cost", "-0.01")]), "tokenledger.cost", "must not be negative"],
    ["a cost that is not a number", llmSpan([{ key: "tokenledger.cost", value: { boolValue: true } }]), "tokenledger.cost", "decimal string or a number"],
    ["a long team name", llmSpan([str("tokenledger.team", "t".repeat(201))]), "tokenledger.team", "longer than 200 characters"],
    ["51 tags", llmSpan(Array.from({ length: 51 }, (_, i) => str(`tokenledger.tag.k${i}`, "v"))), "tokenledger.tag.*", "at most 50"],
    ["a tag that is a list", llmSpan([{ key: "tokenledger.tag.owners", value: { arrayValue: { values: [] } } }]), "tokenledger.tag.owners", "must be a string"],
    ["attributes that are not a list", llmSpan([], { attributes: { "gen_ai.usage.input_tokens": 5 } }), "attributes", "array of key-value pairs"],
  ])("rejects a span with %s", (_name, span, field, reason) => {
    const result = single(span);
    expect(result.events).toEqual([]);
    expect(result.ignored).toBe(0);
    expect(result.errors).toEqual([{ index: 0, field, reason: expect.stringContaining(reason) }]);
  });

  it("rejects a span that is not an object", () => {
    expect(parse(payload(["span"]))).toMatchObject({ spans: 1, errors: [{ index: 0, field: null, reason: "is not a span object" }] });
  });

  it("numbers spans across resources and scopes, and keeps the good spans of a payload with bad ones", () => {
    const body = {
      resourceSpans: [
        { scopeSpans: [{ spans: [llmSpan([]), llmSpan([], { traceId: "xyz" })] }, { spans: [llmSpan([])] }] },
        { scopeSpans: [{ spans: [llmSpan([int("gen_ai.usage.input_tokens", -1)]), { traceId: TRACE, spanId: "2222222222222222", attributes: [] }] }] },
      ],
    };
    const result = parse(body);
    expect(result.spans).toBe(5);
    expect(result.events).toHaveLength(2);
    expect(result.ignored).toBe(1);
    expect(result.errors.map((error) => [error.index, error.field])).toEqual([
      [1, "traceId"],
      [3, "gen_ai.usage.input_tokens"],
    ]);
  });

  it("keeps the first of two spans with the same trace and span id", () => {
    const span = llmSpan([]);
    const result = parse(payload([span, { ...span, endTimeUnixNano: "1770714903000000000" }]));
    expect(result.events).toHaveLength(1);
    expect(result.errors).toEqual([{ index: 1, field: "spanId", reason: "repeats the span at index 0 (same traceId and spanId); the first one is kept" }]);
  });
});

describe("parseOtlpTraces: malformed payloads", () => {
  it.each<[string, unknown, string | null, string]>([
    ["null", null, null, "an object with resourceSpans"],
    ["an array", [], null, "an object with resourceSpans"],
    ["a string", "resourceSpans", null, "an object with resourceSpans"],
    ["resourceSpans that is not a list", { resourceSpans: {} }, "resourceSpans", "must be an array"],
    ["a resourceSpans entry that is not an object", { resourceSpans: [7] }, "resourceSpans[0]", "must be an object"],
    ["resource attributes that are not a list", { resourceSpans: [{ resource: { attributes: { "service.name": "x" } } }] }, "resourceSpans[0].resource.attributes", "array of key-value pairs"],
    ["scopeSpans that is not a list", { resourceSpans: [{ scopeSpans: "x" }] }, "resourceSpans[0].scopeSpans", "must be an array"],
    ["a scopeSpans entry that is not an object", { resourceSpans: [{ scopeSpans: [null] }] }, "resourceSpans[0].scopeSpans[0]", "must be an object"],
    ["spans that is not a list", { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }, "resourceSpans[0].scopeSpans[0].spans", "must be an array"],
  ])("reports %s as a payload error", (_name, body, field, reason) => {
    expect(parse(body)).toEqual({ events: [], spans: 0, ignored: 0, errors: [{ index: -1, field, reason: expect.stringContaining(reason) }] });
  });

  it("accepts an empty export request", () => {
    expect(parse({})).toEqual({ events: [], spans: 0, ignored: 0, errors: [] });
    expect(parse({ resourceSpans: [{ scopeSpans: [{ spans: [] }] }] })).toEqual({ events: [], spans: 0, ignored: 0, errors: [] });
  });

  it("reads the pre-1.0 instrumentationLibrarySpans", () => {
    const result = parse({ resourceSpans: [{ instrumentationLibrarySpans: [{ spans: [llmSpan([])] }] }] });
    expect(result).toMatchObject({ spans: 1, ignored: 0, errors: [] });
    expect(result.events).toHaveLength(1);
  });
});
