import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZERO_TOKENS } from "@/lib/ingest/fields";
import {
  MAX_EVENTS_PER_REQUEST,
  UsageEventInputSchema,
  UsageEventsBodySchema,
  aiProviderId,
  parseUsageEvents,
  serviceTierOf,
  type UsageEvent,
} from "@/lib/ingest/usage-events";

const now = new Date("2026-02-11T00:00:00Z");
const base = { eventId: "evt-1", timestamp: "2026-02-10T09:15:02Z", provider: "openai", model: "gpt-4.1-mini", inputTokens: 1000, outputTokens: 200 };

const parse = (body: unknown) => parseUsageEvents(body, { now });
const one = (fields: Record<string, unknown>) => parse([{ ...base, ...fields }]);
/** The single event of a one-event body, failing with its errors if it was rejected. */
const accepted = (fields: Record<string, unknown>): UsageEvent => {
  const { events, errors } = one(fields);
  expect(errors).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe("parseUsageEvents: valid events", () => {
  it("maps every field of a complete event", () => {
    const { events, errors } = parse([
      {
        eventId: "req_01HZX3",
        timestamp: "2026-02-10T09:15:02.250Z",
        provider: "OpenAI",
        model: "GPT-4.1-mini",
        serviceTier: "default",
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadInputTokens: 1000,
        cacheWriteInputTokens: 0,
        cacheWrite1hInputTokens: 0,
        reasoningTokens: 120,
        requests: 2,
        cost: "0.0123",
        currency: "eur",
        team: "Support",
        workflow: "ticket-triage",
        user: "u_829",
        project: "proj_abc",
        apiKey: "key_support_prod",
        tags: { env: "prod", region: "eu" },
      },
    ]);
    expect(errors).toEqual([]);
    expect(events).toEqual<UsageEvent[]>([
      {
        eventId: "req_01HZX3",
        timestamp: new Date("2026-02-10T09:15:02.250Z"),
        provider: "openai",
        modelRaw: "GPT-4.1-mini",
        model: "gpt-4.1-mini",
        serviceTier: "standard",
        tokens: {
          uncachedInputTokens: 200,
          cacheReadInputTokens: 1000,
          cacheWrite5mInputTokens: 0,
          cacheWrite1hInputTokens: 0,
          outputTokens: 300,
          reasoningTokens: 120,
        },
        requests: 2,
        cost: "0.0123",
        currency: "EUR",
        team: "Support",
        workflow: "ticket-triage",
        user: "u_829",
        project: "proj_abc",
        apiKey: "key_support_prod",
        tags: { env: "prod", region: "eu" },
        serviceName: null,
      },
    ]);
  });

  it("fills the defaults: one request, USD, no cost, no tier, no attribution", () => {
    expect(accepted({})).toEqual<UsageEvent>({
      eventId: "evt-1",
      timestamp: new Date("2026-02-10T09:15:02Z"),
      provider: "openai",
      modelRaw: "gpt-4.1-mini",
      model: "gpt-4.1-mini",
      serviceTier: null,
      tokens: { ...ZERO_TOKENS, uncachedInputTokens: 1000, outputTokens: 200 },
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
    });
  });

  it("gives the same buckets for inclusive (OpenAI) and exclusive (Anthropic) input counts", () => {
    const caches = { cacheReadInputTokens: 800, cacheWriteInputTokens: 300, cacheWrite1hInputTokens: 50, outputTokens: 90 };
    const inclusive = accepted({ ...caches, inputTokens: 1200 });
    const exclusive = accepted({ ...caches, inputTokens: 50, inputExcludesCache: true });
    const expected = {
      uncachedInputTokens: 50,
      cacheReadInputTokens: 800,
      cacheWrite5mInputTokens: 300,
      cacheWrite1hInputTokens: 50,
      outputTokens: 90,
      reasoningTokens: 0,
    };
    expect(inclusive.tokens).toEqual(expected);
    expect(exclusive.tokens).toEqual(expected);
    // inputExcludesCache: false is the default spelled out.
    expect(accepted({ ...caches, inputTokens: 1200, inputExcludesCache: false }).tokens).toEqual(expected);
  });

  it("accepts input made only of cache reads (cache = input under the inclusive convention)", () => {
    expect(accepted({ inputTokens: 500, cacheReadInputTokens: 500 }).tokens).toMatchObject({ uncachedInputTokens: 0, cacheReadInputTokens: 500 });
  });

  it("keeps reasoning tokens inside output tokens", () => {
    expect(accepted({ outputTokens: 1250, reasoningTokens: 896 }).tokens).toMatchObject({ outputTokens: 1250, reasoningTokens: 896 });
    expect(accepted({ outputTokens: 400, reasoningTokens: 400 }).tokens).toMatchObject({ outputTokens: 400, reasoningTokens: 400 });
  });

  it.each([
    ["a decimal string", "0.0123", "0.0123"],
    ["trailing zeros", "12.5000", "12.5"],
    ["12 decimal places", "0.000000000001", "0.000000000001"],
    ["zero", "0", "0"],
    ["a JSON number", 0.1, "0.1"],
    ["a number with no exact binary value", 0.07, "0.07"],
    ["a tiny number JSON writes with an exponent", 1e-7, "0.0000001"],
    ["a whole number", 42, "42"],
  ])("reads the cost from %s", (_name, cost, expected) => {
    expect(accepted({ cost }).cost).toBe(expected);
  });

  it.each([
    ["epoch milliseconds", 1770714902250, "2026-02-10T09:15:02.250Z"],
    ["UTC with Z", "2026-02-10T09:15:02Z", "2026-02-10T09:15:02.000Z"],
    ["a positive offset", "2026-02-10T10:15:02+01:00", "2026-02-10T09:15:02.000Z"],
    ["a negative offset without colon", "2026-02-10T04:15:02-0500", "2026-02-10T09:15:02.000Z"],
    ["nanoseconds", "2026-02-10T09:15:02.123456789Z", "2026-02-10T09:15:02.123Z"],
    ["no seconds", "2026-02-10T09:15Z", "2026-02-10T09:15:00.000Z"],
    ["35 hours ahead", "2026-02-12T11:00:00Z", "2026-02-12T11:00:00.000Z"],
  ])("reads the timestamp from %s", (_name, timestamp, expected) => {
    expect(accepted({ timestamp }).timestamp.toISOString()).toBe(expected);
  });

  it.each([
    ["openai", "openai"],
    ["OpenAI", "openai"],
    ["anthropic", "anthropic"],
    ["Anthropic", "anthropic"],
    ["aws-bedrock", "aws-bedrock"],
    ["aws.bedrock", "aws-bedrock"],
    ["bedrock", "aws-bedrock"],
    ["Amazon Bedrock", "aws-bedrock"],
    ["azure-openai", "azure-openai"],
    ["azure.ai.openai", "azure-openai"],
    ["az.ai.openai", "azure-openai"],
    ["Azure", "azure-openai"],
    ["gcp-vertex", "gcp-vertex"],
    ["gcp.vertex_ai", "gcp-vertex"],
    ["vertex", "gcp-vertex"],
    ["vertex_ai", "gcp-vertex"],
    ["gcp.gemini", "gcp-vertex"],
    ["google", "gcp-vertex"],
    ["Mistral AI", "mistral-ai"],
    ["x_ai", "x-ai"],
    ["Together.ai", "together-ai"],
  ])("reads provider %j as %s", (provider, expected) => {
    expect(accepted({ provider }).provider).toBe(expected);
    expect(aiProviderId(provider)).toBe(expected);
  });

  it.each([
    ["standard", "standard"],
    ["batch", "batch"],
    ["flex", "flex"],
    ["priority", "priority"],
    ["default", "standard"],
    ["auto", "standard"],
    ["scale", "priority"],
    ["Priority", "priority"],
  ])("reads service tier %s as %s", (serviceTier, expected) => {
    expect(accepted({ serviceTier }).serviceTier).toBe(expected);
    expect(serviceTierOf(serviceTier)).toBe(expected);
  });

  it("accepts an event that is only a request count, or only a cost", () => {
    const requestsOnly = accepted({ inputTokens: undefined, outputTokens: undefined, requests: 3 });
    expect(requestsOnly.requests).toBe(3);
    expect(requestsOnly.tokens).toEqual(ZERO_TOKENS);
    expect(accepted({ inputTokens: 0, outputTokens: 0, cost: "1.25" }).cost).toBe("1.25");
  });

  it("treats null like an absent optional field", () => {
    const event = accepted({ model: null, serviceTier: null, cacheReadInputTokens: null, cost: null, currency: null, team: null, tags: null });
    expect(event).toMatchObject({ model: null, modelRaw: null, serviceTier: null, cost: null, currency: "USD", team: null, tags: null });
  });
});

describe("parseUsageEvents: invalid events", () => {
  it.each<[string, Record<string, unknown>, string | null, string]>([
    ["no eventId", { eventId: undefined }, "eventId", "is required"],
    ["an empty eventId", { eventId: "" }, "eventId", "must not be empty"],
    ["a blank eventId", { eventId: "   " }, "eventId", "must not be blank"],
    ["a 201-character eventId", { eventId: "x".repeat(201) }, "eventId", "at most 200 characters"],
    ["a numeric eventId", { eventId: 42 }, "eventId", "is required: a string"],
    ["no timestamp", { timestamp: undefined }, "timestamp", "is required"],
    ["a date without a time", { timestamp: "2026-02-10" }, "timestamp", "is not an ISO 8601 date-time with a UTC offset"],
    ["a time without an offset", { timestamp: "2026-02-10T09:15:02" }, "timestamp", "is not an ISO 8601 date-time with a UTC offset"],
    ["a day that does not exist", { timestamp: "2026-02-30T09:15:02Z" }, "timestamp", "is not an ISO 8601 date-time"],
    ["hour 24", { timestamp: "2026-02-10T24:00:00Z" }, "timestamp", "is not an ISO 8601 date-time"],
    ["a timestamp before 2015", { timestamp: "2014-12-31T23:59:59Z" }, "timestamp", "before 2015"],
    ["a timestamp 37 hours ahead", { timestamp: "2026-02-12T13:00:00Z" }, "timestamp", "more than 36 hours in the future"],
    ["epoch seconds", { timestamp: 1770714902 }, "timestamp", "looks like epoch seconds"],
    ["fractional epoch milliseconds", { timestamp: 1770714902250.5 }, "timestamp", "whole epoch milliseconds"],
    ["a boolean timestamp", { timestamp: true }, "timestamp", "ISO 8601"],
    ["no provider", { provider: undefined }, "provider", "is required"],
    ["an empty provider", { provider: " " }, "provider", "must not be empty"],
    ["a numeric model", { model: 4 }, "model", "must be a string"],
    ["an unknown service tier", { serviceTier: "gold" }, "serviceTier", '"gold" is not a service tier'],
    ["negative input tokens", { inputTokens: -1 }, "inputTokens", "must not be negative"],
    ["fractional output tokens", { outputTokens: 1.5 }, "outputTokens", "must be a whole number"],
    ["token counts as strings", { inputTokens: "1000" }, "inputTokens", "must be a number"],
    ["an unsafe integer", { outputTokens: 1e20 }, "outputTokens", "is too large"],
    ["a negative cache read", { cacheReadInputTokens: -5 }, "cacheReadInputTokens", "must not be negative"],
    ["a 1-hour cache write as a string", { cacheWrite1hInputTokens: "5" }, "cacheWrite1hInputTokens", "must be a number"],
    ["negative requests", { requests: -1 }, "requests", "must not be negative"],
    ["a negative cost string", { cost: "-0.5" }, "cost", "must not be negative"],
    ["a negative cost number", { cost: -1 }, "cost", "must not be negative"],
    ["a cost with an exponent", { cost: "1e-3" }, "cost", "is not a decimal number"],
    ["a cost with a comma", { cost: "0,5" }, "cost", "is not a decimal number"],
    ["a cost with 13 decimal places", { cost: "0.0000000000001" }, "cost", "more than 12 decimal places"],
    ["a cost number with 13 decimal places", { cost: 1e-13 }, "cost", "more than 12 decimal places"],
    ["a cost left over from float arithmetic", { cost: 0.1 + 0.2 }, "cost", "more than 12 decimal places"],
    ["a boolean cost", { cost: true }, "cost", "decimal string"],
    ["a two-letter currency", { currency: "US" }, "currency", "ISO 4217"],
    ["a made-up currency", { currency: "QQQ" }, "currency", "ISO 4217"],
    ["a numeric team", { team: 7 }, "team", "must be a string"],
    ["a 201-character workflow", { workflow: "w".repeat(201) }, "workflow", "at most 200 characters"],
    ["a long apiKey", { apiKey: "k".repeat(201) }, "apiKey", "at most 200 characters"],
    ["tags as an array", { tags: ["prod"] }, "tags", "must be an object"],
    ["a numeric tag value", { tags: { env: 1 } }, "tags.env", "tag values must be strings"],
    ["51 tags", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags", "at most 50"],
    ["a 101-character tag key", { tags: { ["k".repeat(101)]: "v" } }, `tags.${"k".repeat(40)}…`, "longer than 100 characters"],
    ["a 501-character tag value", { tags: { note: "v".repeat(501) } }, "tags.note", "longer than 500 characters"],
    ["an empty tag key", { tags: { "": "v" } }, "tags", "empty key"],
    ["inputExcludesCache as a string", { inputExcludesCache: "true" }, "inputExcludesCache", "must be true or false"],
    ["a snake_case field", { input_tokens: 5 }, "input_tokens", 'is not a field of a usage event (did you mean "inputTokens"?)'],
    ["an unknown field", { region: "eu" }, "region", "is not a field of a usage event"],
    ["no usage at all", { inputTokens: 0, outputTokens: 0, requests: 0 }, null, "carries no usage"],
    ["only zero tokens", { inputTokens: 0, outputTokens: 0 }, null, "carries no usage"],
  ])("rejects %s", (_name, fields, field, reason) => {
    const event = Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, value]) => value !== undefined));
    const { events, errors } = parse([event]);
    expect(events).toEqual([]);
    expect(errors).toEqual([{ index: 0, field, reason: expect.stringContaining(reason) }]);
  });

  it("rejects cache counts above an inclusive input count, naming the fields and the way out", () => {
    const { events, errors } = one({ inputTokens: 1000, cacheReadInputTokens: 900, cacheWriteInputTokens: 200 });
    expect(events).toEqual([]);
    expect(errors).toEqual([
      {
        index: 0,
        field: "inputTokens",
        reason:
          'cacheReadInputTokens (900) + cacheWriteInputTokens (200) exceed inputTokens (1000), which includes them by default; if inputTokens counts only uncached input (Anthropic\'s convention), send "inputExcludesCache": true',
      },
    ]);
    // The same counts are fine when the input is declared exclusive.
    expect(one({ inputTokens: 1000, cacheReadInputTokens: 900, cacheWriteInputTokens: 200, inputExcludesCache: true }).errors).toEqual([]);
  });

  it("rejects reasoning tokens above output tokens", () => {
    expect(one({ outputTokens: 100, reasoningTokens: 150 }).errors).toEqual([
      { index: 0, field: "reasoningTokens", reason: "(150) exceed outputTokens (100); reasoning tokens are a part of outputTokens" },
    ]);
  });

  it("reports every problem of an event, not only the first", () => {
    const { errors } = one({ inputTokens: -1, serviceTier: "gold", cost: "-1", extra: true });
    expect(errors.map((error) => error.field).sort()).toEqual(["extra", "inputTokens"]);
    // Shape problems come first; value problems of the same event follow once the shape is right.
    expect(one({ serviceTier: "gold", cost: "-1", currency: "XX" }).errors.map((error) => error.field)).toEqual(["serviceTier", "cost", "currency"]);
  });

  it.each([
    ["a string", "evt"],
    ["null", null],
    ["an array", [base]],
    ["a number", 5],
  ])("rejects an event that is %s", (_name, event) => {
    expect(parse([event])).toEqual({ events: [], indexes: [], errors: [{ index: 0, field: null, reason: "must be a JSON object (one usage event)" }] });
  });
});

describe("parseUsageEvents: the body", () => {
  it("returns the valid events of a body where others fail, with each failure's index", () => {
    const { events, errors } = parse([
      { ...base, eventId: "a" },
      { ...base, eventId: "b", inputTokens: -3 },
      { ...base, eventId: "c" },
      { ...base, eventId: "d", provider: undefined },
    ]);
    expect(events.map((event) => event.eventId)).toEqual(["a", "c"]);
    expect(errors).toEqual([
      { index: 1, field: "inputTokens", reason: "must not be negative" },
      { index: 3, field: "provider", reason: expect.stringContaining("is required") },
    ]);
  });

  it("keeps the first of events that share an eventId and reports the later ones", () => {
    const { events, errors } = parse([
      { ...base, eventId: "a", inputTokens: 10 },
      { ...base, eventId: "b" },
      { ...base, eventId: "a", inputTokens: 20 },
      { ...base, eventId: "a", inputTokens: 30 },
    ]);
    expect(events.map((event) => [event.eventId, event.tokens.uncachedInputTokens])).toEqual([
      ["a", 10],
      ["b", 1000],
    ]);
    expect(errors).toEqual([
      { index: 2, field: "eventId", reason: "repeats eventId of event 0; the first one is kept" },
      { index: 3, field: "eventId", reason: "repeats eventId of event 0; the first one is kept" },
    ]);
  });

  it("takes a corrected copy that follows a rejected event with the same eventId", () => {
    const { events, errors } = parse([
      { ...base, eventId: "a", inputTokens: -10 },
      { ...base, eventId: "a", inputTokens: 10 },
    ]);
    expect(events.map((event) => event.tokens.uncachedInputTokens)).toEqual([10]);
    expect(errors).toEqual([{ index: 0, field: "inputTokens", reason: "must not be negative" }]);
  });

  it(`accepts ${MAX_EVENTS_PER_REQUEST.toLocaleString("en-US")} events and refuses 10,001 outright`, () => {
    const body = Array.from({ length: MAX_EVENTS_PER_REQUEST }, (_, i) => ({ ...base, eventId: `evt-${i}` }));
    const full = parse(body);
    expect(full.errors).toEqual([]);
    expect(full.events).toHaveLength(10_000);
    expect(full.indexes.at(-1)).toBe(9_999);

    const tooMany = parse([...body, { ...base, eventId: "one-too-many" }]);
    expect(tooMany).toEqual({
      events: [],
      indexes: [],
      errors: [{ index: -1, field: null, reason: "The body has 10,001 events; send at most 10,000 per request." }],
    });
  });

  it.each([
    ["an object", { events: [base] }, "got an object"],
    ["null", null, "got null"],
    ["a string", "[]", "got a string"],
    ["a number", 3, "got a number"],
  ])("refuses a body that is %s", (_name, body, got) => {
    expect(parse(body)).toEqual({
      events: [],
      indexes: [],
      errors: [{ index: -1, field: null, reason: `The body must be a JSON array of usage events; ${got}.` }],
    });
  });

  it("accepts an empty array", () => {
    expect(parse([])).toEqual({ events: [], indexes: [], errors: [] });
  });

  it("measures the future limit from now", () => {
    const event = [{ ...base, timestamp: "2026-03-01T00:00:00Z" }];
    expect(parseUsageEvents(event, { now }).errors).toHaveLength(1);
    expect(parseUsageEvents(event, { now: new Date("2026-03-01T00:00:00Z") }).errors).toEqual([]);
  });
});

describe("UsageEventsBodySchema", () => {
  it("documents every field of an event for the OpenAPI document", () => {
    const schema = z.toJSONSchema(UsageEventsBodySchema, { io: "input" }) as {
      maxItems: number;
      items: { properties: Record<string, { description?: string }>; required: string[]; additionalProperties: boolean };
    };
    expect(schema.maxItems).toBe(10_000);
    expect(schema.items.required.sort()).toEqual(["eventId", "provider", "timestamp"]);
    expect(schema.items.additionalProperties).toBe(false);
    expect(Object.keys(schema.items.properties).sort()).toEqual(Object.keys(UsageEventInputSchema.shape).sort());
    for (const [field, property] of Object.entries(schema.items.properties)) expect(property.description, field).toBeTruthy();
    expect(schema.items.properties.inputExcludesCache!.description).toContain("Anthropic");
  });
});
