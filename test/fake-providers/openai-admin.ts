import type { IncomingMessage } from "node:http";
import Decimal from "decimal.js";
import {
  accumulate,
  applyFilters,
  bucketPage,
  bucketWidthParam,
  type BucketWidth,
  daysFrom,
  decimalSum,
  dims,
  groupFacts,
  inDays,
  isQuietDay,
  Random,
  reviseDay,
  sumOf,
  type TimedFact,
} from "./buckets";
import {
  type Faults,
  groupByParam,
  HttpError,
  invalid,
  type JsonObject,
  limitParam,
  listParam,
  param,
  type Reply,
  type RequestLogEntry,
  startFakeServer,
} from "./http";

// A loopback stand-in for the OpenAI Admin Usage and Costs API (provider-formats.md §1): the same paths, query
// parameters, envelopes, units and pagination, computed from facts the test controls.

// ── facts ──────────────────────────────────────────────────────────────────────────────────────────────────

interface OpenAIDims {
  project_id: string | null;
  user_id: string | null;
  api_key_id: string | null;
  model: string | null;
}

export interface CompletionsFact extends TimedFact, OpenAIDims {
  batch: boolean;
  service_tier: string;
  /** All input, including cached and cache-write tokens (as the API reports it). */
  input_tokens: number;
  input_cached_tokens: number;
  input_cache_write_tokens: number;
  output_tokens: number;
  num_model_requests: number;
  // The audio/image parts of the uncached, cached and output tokens; the text parts are derived (the rest).
  input_audio_tokens?: number;
  input_cached_audio_tokens?: number;
  output_audio_tokens?: number;
  input_image_tokens?: number;
  input_cached_image_tokens?: number;
  output_image_tokens?: number;
}

export interface EmbeddingsFact extends TimedFact, OpenAIDims {
  input_tokens: number;
  num_model_requests: number;
}

export type ModerationsFact = EmbeddingsFact;

export interface ImagesFact extends TimedFact, OpenAIDims {
  images: number;
  num_model_requests: number;
  size: string;
  source: string;
}

export interface AudioSpeechesFact extends TimedFact, OpenAIDims {
  characters: number;
  num_model_requests: number;
}

export interface AudioTranscriptionsFact extends TimedFact, OpenAIDims {
  seconds: number;
  num_model_requests: number;
}

export interface OpenAICostFact extends TimedFact {
  project_id: string | null;
  api_key_id: string | null;
  line_item: string;
  /** Decimal string in currency units (dollars), e.g. "0.0308625". Served as a JSON number, as the API does. */
  amount: string;
  /** Lowercase ISO 4217, as the API sends it ("usd"). */
  currency: string;
  quantity: number | null;
  quantity_unit: string | null;
}

export interface OpenAIFacts {
  completions: CompletionsFact[];
  embeddings: EmbeddingsFact[];
  moderations: ModerationsFact[];
  images: ImagesFact[];
  audio_speeches: AudioSpeechesFact[];
  audio_transcriptions: AudioTranscriptionsFact[];
  costs: OpenAICostFact[];
}

/** Per data set, a function that rewrites each fact of the revised day (return null to drop the fact). */
export type OpenAIRevision = { [K in keyof OpenAIFacts]?: (fact: OpenAIFacts[K][number]) => OpenAIFacts[K][number] | null };

export interface OpenAITotals {
  completions: { uncachedInput: number; cacheRead: number; cacheWrite: number; output: number; requests: number };
  embeddingsInputTokens: number;
  moderationsInputTokens: number;
  images: number;
  characters: number;
  seconds: number;
  /** Dollars (currency units) per uppercase currency present in the range, as exact decimal strings. */
  costs: Record<string, string>;
}

export interface FakeOpenAIOptions {
  adminKey?: string;
  forbiddenKey?: string;
  retryAfterSeconds?: number;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1: a client calls `${url}/organization/usage/completions`. */
  url: string;
  adminKey: string;
  forbiddenKey: string;
  requests: RequestLogEntry[];
  faults: Faults;
  /** Replaces all facts with deterministic generated data; days 4, 10, 16, … (0-based) of the range stay empty. */
  seed(options: { startDay: string; days: number; seed?: number }): void;
  /** Replaces the given data sets (others are kept). */
  set(facts: Partial<OpenAIFacts>): void;
  /** Appends facts to the given data sets. */
  add(facts: Partial<OpenAIFacts>): void;
  /** A deep copy of all facts. */
  facts(): OpenAIFacts;
  /** Rewrites the facts of one day, as a provider revising a recent bucket between two syncs. */
  revise(day: string, change: OpenAIRevision): void;
  /** What a correct ledger holds for the inclusive day range. */
  totals(range: { from: string; to: string }): OpenAITotals;
  close(): Promise<void>;
}

const emptyFacts = (): OpenAIFacts => ({
  completions: [],
  embeddings: [],
  moderations: [],
  images: [],
  audio_speeches: [],
  audio_transcriptions: [],
  costs: [],
});

const copyFacts = (facts: OpenAIFacts): OpenAIFacts => structuredClone(facts);

// ── endpoints ──────────────────────────────────────────────────────────────────────────────────────────────

const COMMON_GROUPS = ["project_id", "user_id", "api_key_id", "model"] as const;
const USAGE_LIMITS: Record<BucketWidth, { fallback: number; max: number }> = {
  "1d": { fallback: 7, max: 31 },
  "1h": { fallback: 24, max: 168 },
  "1m": { fallback: 60, max: 1440 },
};

interface Endpoint<F extends TimedFact> {
  /** Names the endpoint in its cursors. */
  kind: string;
  widths: readonly BucketWidth[];
  /** Default and maximum `limit` (in buckets) for a bucket width. */
  limits: (width: BucketWidth) => { fallback: number; max: number };
  groupFields: readonly (keyof F & string)[];
  /** Query parameter → fact field, for the id filters the API documents. */
  filters: Readonly<Record<string, keyof F & string>>;
  result(group: readonly F[], groupBy: readonly string[]): JsonObject;
  /** Costs only: fields every result is split by even when not grouped (amounts in two currencies never add). */
  alwaysSplitBy?: readonly (keyof F & string)[];
}

const commonFilters = { project_ids: "project_id", user_ids: "user_id", api_key_ids: "api_key_id", models: "model" } as const;

const USAGE = { widths: ["1m", "1h", "1d"], limits: (width: BucketWidth) => USAGE_LIMITS[width] } as const;

const completions: Endpoint<CompletionsFact> = {
  kind: "completions",
  ...USAGE,
  groupFields: [...COMMON_GROUPS, "batch", "service_tier"],
  filters: { ...commonFilters, batch: "batch" },
  result(group, groupBy) {
    const sum = (pick: (fact: CompletionsFact) => number | undefined) => sumOf(group, pick);
    const input = sum((f) => f.input_tokens);
    const cached = sum((f) => f.input_cached_tokens);
    const cacheWrite = sum((f) => f.input_cache_write_tokens);
    const output = sum((f) => f.output_tokens);
    const uncached = input - cached - cacheWrite;
    const audio = { input: sum((f) => f.input_audio_tokens), cached: sum((f) => f.input_cached_audio_tokens), output: sum((f) => f.output_audio_tokens) };
    const image = { input: sum((f) => f.input_image_tokens), cached: sum((f) => f.input_cached_image_tokens), output: sum((f) => f.output_image_tokens) };
    return {
      object: "organization.usage.completions.result",
      input_tokens: input,
      input_cached_tokens: cached,
      input_cache_write_tokens: cacheWrite,
      input_uncached_tokens: uncached,
      output_tokens: output,
      input_text_tokens: uncached - audio.input - image.input,
      output_text_tokens: output - audio.output - image.output,
      input_cached_text_tokens: cached - audio.cached - image.cached,
      input_audio_tokens: audio.input,
      input_cached_audio_tokens: audio.cached,
      output_audio_tokens: audio.output,
      input_image_tokens: image.input,
      input_cached_image_tokens: image.cached,
      output_image_tokens: image.output,
      num_model_requests: sum((f) => f.num_model_requests),
      ...dims(group, [...COMMON_GROUPS, "batch", "service_tier"], groupBy),
    };
  },
};

function tokensEndpoint(kind: "embeddings" | "moderations"): Endpoint<EmbeddingsFact> {
  return {
    kind,
    ...USAGE,
    groupFields: COMMON_GROUPS,
    filters: commonFilters,
    result: (group, groupBy) => ({
      object: `organization.usage.${kind}.result`,
      input_tokens: sumOf(group, (f) => f.input_tokens),
      num_model_requests: sumOf(group, (f) => f.num_model_requests),
      ...dims(group, COMMON_GROUPS, groupBy),
    }),
  };
}

const images: Endpoint<ImagesFact> = {
  kind: "images",
  ...USAGE,
  groupFields: [...COMMON_GROUPS, "size", "source"],
  filters: { ...commonFilters, sources: "source", sizes: "size" },
  result: (group, groupBy) => ({
    object: "organization.usage.images.result",
    images: sumOf(group, (f) => f.images),
    num_model_requests: sumOf(group, (f) => f.num_model_requests),
    ...dims(group, [...COMMON_GROUPS, "size", "source"], groupBy),
  }),
};

const audioSpeeches: Endpoint<AudioSpeechesFact> = {
  kind: "audio_speeches",
  ...USAGE,
  groupFields: COMMON_GROUPS,
  filters: commonFilters,
  result: (group, groupBy) => ({
    object: "organization.usage.audio_speeches.result",
    characters: sumOf(group, (f) => f.characters),
    num_model_requests: sumOf(group, (f) => f.num_model_requests),
    ...dims(group, COMMON_GROUPS, groupBy),
  }),
};

const audioTranscriptions: Endpoint<AudioTranscriptionsFact> = {
  kind: "audio_transcriptions",
  ...USAGE,
  groupFields: COMMON_GROUPS,
  filters: commonFilters,
  result: (group, groupBy) => ({
    object: "organization.usage.audio_transcriptions.result",
    seconds: sumOf(group, (f) => f.seconds),
    num_model_requests: sumOf(group, (f) => f.num_model_requests),
    ...dims(group, COMMON_GROUPS, groupBy),
  }),
};

const costs: Endpoint<OpenAICostFact> = {
  kind: "costs",
  widths: ["1d"],
  limits: () => ({ fallback: 7, max: 180 }),
  groupFields: ["project_id", "line_item", "api_key_id"],
  filters: { project_ids: "project_id", api_key_ids: "api_key_id" },
  alwaysSplitBy: ["currency"],
  result(group, groupBy) {
    const byLineItem = groupBy.includes("line_item");
    // The sum is exact in decimal; the API's number is that decimal's shortest JSON form (≤ 15 significant digits).
    const amount = decimalSum(group, (f) => f.amount);
    if (!new Decimal(amount.toNumber()).eq(amount)) throw new Error(`cost ${amount.toFixed()} has too many digits to survive as a JSON number`);
    return {
      object: "organization.costs.result",
      amount: { value: amount.toNumber(), currency: group[0]?.currency ?? "usd" },
      ...dims(group, ["project_id", "line_item", "api_key_id"], groupBy),
      quantity: byLineItem && group.every((f) => f.quantity !== null) ? decimalSum(group, (f) => f.quantity ?? 0).toNumber() : null,
      quantity_unit: byLineItem ? (group[0]?.quantity_unit ?? null) : null,
    };
  },
};

// ── request handling ───────────────────────────────────────────────────────────────────────────────────────

function unixParam(query: URLSearchParams, name: string): number | null {
  const raw = param(query, name);
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) throw invalid(`${name} must be a Unix timestamp in seconds, got '${raw}'`);
  return Number(raw);
}

function servePage<F extends TimedFact>(endpoint: Endpoint<F>, facts: readonly F[], query: URLSearchParams): JsonObject {
  const start = unixParam(query, "start_time");
  if (start === null) throw invalid("Missing required parameter: 'start_time'.");
  const end = unixParam(query, "end_time") ?? Math.floor(Date.now() / 1000);
  const width = bucketWidthParam(param(query, "bucket_width"), endpoint.widths, "1d");
  const limits = endpoint.limits(width);
  const limit = limitParam(query, limits.fallback, limits.max);
  const groupBy = groupByParam(query, endpoint.groupFields);
  const filters = Object.entries(endpoint.filters).map(([name, field]) => ({ values: listParam(query, name), field }));

  const page = bucketPage(applyFilters(facts, filters), { kind: endpoint.kind, start, end, width, limit, page: param(query, "page") });
  const splitBy = [...groupBy, ...(endpoint.alwaysSplitBy ?? [])];
  return {
    object: "page",
    data: page.buckets.map((bucket) => ({
      object: "bucket",
      start_time: bucket.start,
      end_time: bucket.end,
      results: groupFacts(bucket.facts, splitBy).map((group) => endpoint.result(group, groupBy)),
    })),
    has_more: page.nextPage !== null,
    next_page: page.nextPage,
  };
}

function bearer(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match?.[1] ?? null;
}

// ── seed data ──────────────────────────────────────────────────────────────────────────────────────────────

const PROJECTS = [
  { id: "proj_alpha", keys: ["key_alpha_ci", "key_alpha_app"], users: ["user-ann", "user-bob"] },
  { id: "proj_beta", keys: ["key_beta_app"], users: ["user-bob", "user-cy"] },
  { id: "proj_gamma", keys: ["key_gamma_batch"], users: ["user-dee"] },
] as const;

/** USD per 1M tokens: input, cached input, output. */
const CHAT_MODELS = [
  { model: "gpt-4o-2024-08-06", input: "2.50", cached: "1.25", output: "10.00" },
  { model: "gpt-4o-mini-2024-07-18", input: "0.15", cached: "0.075", output: "0.60" },
  { model: "gpt-4.1-2025-04-14", input: "2.00", cached: "0.50", output: "8.00" },
  { model: "o3-2025-04-16", input: "2.00", cached: "0.50", output: "8.00" },
] as const;

const TIER_MULTIPLIER: Record<string, string> = { default: "1", flex: "0.5", priority: "1.75" };

interface CostTotal {
  day: string;
  project_id: string;
  api_key_id: string;
  line_item: string;
  unit: string;
  amount: Decimal;
  quantity: Decimal;
}

interface Who {
  project_id: string;
  api_key_id: string;
  user_id: string | null;
}

function seedFacts(startDay: string, days: number, seed: number): OpenAIFacts {
  const random = new Random(seed);
  const facts = emptyFacts();
  const costTotals = new Map<string, CostTotal>();
  const charge = (day: string, who: Who, lineItem: string, unit: string, quantity: number, unitPrice: Decimal.Value) => {
    if (quantity === 0) return;
    const key = [day, who.project_id, who.api_key_id, lineItem].join("|");
    const init = () => ({ day, project_id: who.project_id, api_key_id: who.api_key_id, line_item: lineItem, unit, amount: new Decimal(0), quantity: new Decimal(0) });
    accumulate(costTotals, key, init, new Decimal(quantity).times(unitPrice), new Decimal(quantity));
  };
  const perMillion = (price: Decimal.Value, multiplier: Decimal.Value) => new Decimal(price).times(multiplier).dividedBy(1_000_000);

  for (const [index, day] of daysFrom(startDay, days).entries()) {
    // Quiet days exist (weekends, outages) and the API still returns their buckets, empty. They fall on fixed
    // days (the 5th, 11th, 17th, … of the seeded range) so tests can count on one without searching.
    if (isQuietDay(index)) continue;
    const who = (): Who => {
      const project = random.pick(PROJECTS);
      return { project_id: project.id, api_key_id: random.pick(project.keys), user_id: random.chance(0.2) ? null : random.pick(project.users) };
    };

    for (let n = random.int(3, 8); n > 0; n--) {
      const owner = who();
      const priced = random.pick(CHAT_MODELS);
      const batch = random.chance(0.2);
      const tier = batch ? "default" : random.pick(["default", "default", "default", "flex", "priority"]);
      const requests = random.int(1, 400);
      const input = requests * random.int(200, 4_000);
      const cached = Math.floor(input * random.next() * 0.6);
      const cacheWrite = random.chance(0.15) ? Math.floor((input - cached) * 0.1) : 0;
      const output = Math.floor(input * (0.1 + random.next() * 0.4));
      const withAudio = random.chance(0.1);
      facts.completions.push({
        day,
        hour: random.int(0, 23),
        ...owner,
        model: priced.model,
        batch,
        service_tier: tier,
        input_tokens: input,
        input_cached_tokens: cached,
        input_cache_write_tokens: cacheWrite,
        output_tokens: output,
        num_model_requests: requests,
        input_audio_tokens: withAudio ? Math.floor((input - cached - cacheWrite) * 0.2) : 0,
        input_cached_audio_tokens: 0,
        output_audio_tokens: withAudio ? Math.floor(output * 0.3) : 0,
        input_image_tokens: 0,
        input_cached_image_tokens: 0,
        output_image_tokens: 0,
      });
      const multiplier = new Decimal(TIER_MULTIPLIER[tier] ?? "1").times(batch ? "0.5" : "1");
      charge(day, owner, `${priced.model}, input`, "tokens", input - cached, perMillion(priced.input, multiplier));
      charge(day, owner, `${priced.model}, cached input`, "tokens", cached, perMillion(priced.cached, multiplier));
      charge(day, owner, `${priced.model}, output`, "tokens", output, perMillion(priced.output, multiplier));
    }

    for (let n = random.int(1, 2); n > 0; n--) {
      const owner = who();
      const requests = random.int(10, 2_000);
      const tokens = requests * random.int(50, 800);
      facts.embeddings.push({ day, hour: random.int(0, 23), ...owner, model: "text-embedding-3-small", input_tokens: tokens, num_model_requests: requests });
      charge(day, owner, "text-embedding-3-small, input", "tokens", tokens, perMillion("0.02", 1));
    }
    if (random.chance(0.5)) {
      const requests = random.int(5, 500);
      facts.moderations.push({ day, hour: random.int(0, 23), ...who(), model: "omni-moderation-2024-09-26", input_tokens: requests * random.int(20, 300), num_model_requests: requests });
    }
    if (random.chance(0.4)) {
      const owner = who();
      const count = random.int(1, 20);
      const model = random.pick(["gpt-image-1", "dall-e-3"]);
      const size = random.pick(["1024x1024", "1024x1792", "1792x1792"]);
      facts.images.push({ day, hour: random.int(0, 23), ...owner, model, images: count, num_model_requests: random.int(1, count), size, source: random.pick(["image.generation", "image.edit"]) });
      charge(day, owner, `${model}, images`, "images", count, "0.04");
    }
    if (random.chance(0.3)) {
      const owner = who();
      const characters = random.int(1_000, 50_000);
      facts.audio_speeches.push({ day, hour: random.int(0, 23), ...owner, model: "tts-1", characters, num_model_requests: random.int(1, 40) });
      charge(day, owner, "tts-1, characters", "characters", characters, perMillion("15", 1));
    }
    if (random.chance(0.3)) {
      const owner = who();
      const seconds = random.int(60, 3_600);
      facts.audio_transcriptions.push({ day, hour: random.int(0, 23), ...owner, model: "whisper-1", seconds, num_model_requests: random.int(1, 30) });
      charge(day, owner, "whisper-1, duration", "duration_seconds", seconds, "0.0001");
    }
  }

  facts.costs = [...costTotals.values()].map((total) => ({
    day: total.day,
    project_id: total.project_id,
    api_key_id: total.api_key_id,
    line_item: total.line_item,
    // 10 decimal places keep every bucket sum within a double's 15 exact digits (see the costs result).
    amount: total.amount.toDecimalPlaces(10).toFixed(),
    currency: "usd",
    quantity: total.quantity.toNumber(),
    quantity_unit: total.unit,
  }));
  return facts;
}

// ── totals ─────────────────────────────────────────────────────────────────────────────────────────────────

function computeTotals(all: OpenAIFacts, range: { from: string; to: string }): OpenAITotals {
  const completionFacts = inDays(all.completions, range);
  const cacheRead = sumOf(completionFacts, (f) => f.input_cached_tokens);
  const cacheWrite = sumOf(completionFacts, (f) => f.input_cache_write_tokens);
  const costs: Record<string, string> = {};
  for (const group of groupFacts(inDays(all.costs, range), ["currency"])) {
    const currency = group[0]!.currency.toUpperCase();
    costs[currency] = decimalSum(group, (f) => f.amount).toFixed();
  }
  return {
    completions: {
      uncachedInput: sumOf(completionFacts, (f) => f.input_tokens) - cacheRead - cacheWrite,
      cacheRead,
      cacheWrite,
      output: sumOf(completionFacts, (f) => f.output_tokens),
      requests: sumOf(completionFacts, (f) => f.num_model_requests),
    },
    embeddingsInputTokens: sumOf(inDays(all.embeddings, range), (f) => f.input_tokens),
    moderationsInputTokens: sumOf(inDays(all.moderations, range), (f) => f.input_tokens),
    images: sumOf(inDays(all.images, range), (f) => f.images),
    characters: sumOf(inDays(all.audio_speeches, range), (f) => f.characters),
    seconds: sumOf(inDays(all.audio_transcriptions, range), (f) => f.seconds),
    costs,
  };
}

// ── server ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const adminKey = options.adminKey ?? "sk-admin-fake-valid";
  const forbiddenKey = options.forbiddenKey ?? "sk-admin-fake-forbidden";
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  let state = emptyFacts();

  // Closures read `state` per request, so set/seed/revise take effect on the very next request.
  const routes: Record<string, (query: URLSearchParams) => JsonObject> = {
    "/v1/organization/usage/completions": (q) => servePage(completions, state.completions, q),
    "/v1/organization/usage/embeddings": (q) => servePage(tokensEndpoint("embeddings"), state.embeddings, q),
    "/v1/organization/usage/moderations": (q) => servePage(tokensEndpoint("moderations"), state.moderations, q),
    "/v1/organization/usage/images": (q) => servePage(images, state.images, q),
    "/v1/organization/usage/audio_speeches": (q) => servePage(audioSpeeches, state.audio_speeches, q),
    "/v1/organization/usage/audio_transcriptions": (q) => servePage(audioTranscriptions, state.audio_transcriptions, q),
    "/v1/organization/costs": (q) => servePage(costs, state.costs, q),
  };

  const handle = (request: IncomingMessage, url: URL): Reply => {
    const key = bearer(request);
    if (key !== adminKey && key !== forbiddenKey) {
      throw new HttpError(401, "invalid_request_error", `Incorrect API key provided: ${key ?? "(none)"}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_api_key");
    }
    const route = request.method === "GET" ? routes[url.pathname.replace(/\/+$/, "")] : undefined;
    if (!route) throw new HttpError(404, "invalid_request_error", `Invalid URL (${request.method ?? "GET"} ${url.pathname})`);
    if (key === forbiddenKey) {
      throw new HttpError(403, "invalid_request_error", "You have insufficient permissions for this operation. Missing scopes: api.usage.read. Check that you have the correct role in your organization.");
    }
    return { status: 200, body: route(url.searchParams) };
  };

  const server = await startFakeServer({
    handle,
    errorBody: (error) => ({ error: { message: error.message, type: error.errorType, param: null, code: error.code } }),
    faultReply: (kind) =>
      kind === "429"
        ? {
            status: 429,
            headers: { "retry-after": String(retryAfterSeconds) },
            body: { error: { message: "Rate limit reached for requests. Please try again later.", type: "requests", param: null, code: "rate_limit_exceeded" } },
          }
        : { status: 500, body: { error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } } },
  });

  return {
    url: `${server.origin}/v1`,
    adminKey,
    forbiddenKey,
    requests: server.requests,
    faults: server.faults,
    seed: ({ startDay, days, seed = 1 }) => {
      state = seedFacts(startDay, days, seed);
    },
    set: (facts) => {
      state = { ...state, ...definedCopy(facts) };
    },
    add: (facts) => {
      const added = { ...emptyFacts(), ...definedCopy(facts) };
      state = {
        completions: [...state.completions, ...added.completions],
        embeddings: [...state.embeddings, ...added.embeddings],
        moderations: [...state.moderations, ...added.moderations],
        images: [...state.images, ...added.images],
        audio_speeches: [...state.audio_speeches, ...added.audio_speeches],
        audio_transcriptions: [...state.audio_transcriptions, ...added.audio_transcriptions],
        costs: [...state.costs, ...added.costs],
      };
    },
    facts: () => copyFacts(state),
    revise: (day, change) => {
      state = {
        completions: reviseDay(state.completions, day, change.completions),
        embeddings: reviseDay(state.embeddings, day, change.embeddings),
        moderations: reviseDay(state.moderations, day, change.moderations),
        images: reviseDay(state.images, day, change.images),
        audio_speeches: reviseDay(state.audio_speeches, day, change.audio_speeches),
        audio_transcriptions: reviseDay(state.audio_transcriptions, day, change.audio_transcriptions),
        costs: reviseDay(state.costs, day, change.costs),
      };
    },
    totals: (range) => computeTotals(state, range),
    close: () => server.close(),
  };
}

/** A deep copy of the data sets given, without keys explicitly set to undefined (they must not erase a data set). */
function definedCopy(facts: Partial<OpenAIFacts>): Partial<OpenAIFacts> {
  return Object.fromEntries(Object.entries(structuredClone(facts)).filter(([, list]) => list !== undefined));
}
