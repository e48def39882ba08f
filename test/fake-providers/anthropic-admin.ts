import type { IncomingMessage } from "node:http";
import Decimal from "decimal.js";
import {
  accumulate,
  applyFilters,
  bucketPage,
  bucketWidthParam,
  type BucketWidth,
  dayStart,
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
  cursorNumber,
  cursorString,
  decodeCursor,
  encodeCursor,
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

// A loopback stand-in for the Anthropic Admin usage and cost reports (provider-formats.md §2.1–2.3): the same
// paths, headers, query parameters, envelopes, units (cost in cents as decimal strings) and pagination.

// ── facts ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface MessagesFact extends TimedFact {
  /** null for Console (Workbench) usage. */
  api_key_id: string | null;
  /** null for the default workspace. */
  workspace_id: string | null;
  model: string;
  service_tier: string;
  context_window: string;
  inference_geo: string;
  speed?: string;
  account_id?: string | null;
  service_account_id?: string | null;
  /** Input that neither read nor wrote the cache (the API's uncached_input_tokens). */
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  ephemeral_5m_input_tokens: number;
  ephemeral_1h_input_tokens: number;
  output_tokens: number;
  web_search_requests: number;
}

export interface AnthropicCostFact extends TimedFact {
  workspace_id: string | null;
  description: string;
  cost_type: string;
  model: string | null;
  token_type: string | null;
  service_tier: string | null;
  context_window: string | null;
  inference_geo: string | null;
  /** Decimal string in CENTS, e.g. "123.78912" = $1.2378912 (as the API sends it). */
  amount: string;
  /** "USD", as the API sends it. */
  currency: string;
}

export type ClaudeCodeActor = { type: "user_actor"; email_address: string } | { type: "api_actor"; api_key_name: string };

export interface ClaudeCodeModelBreakdown {
  model: string;
  tokens: { input: number; output: number; cache_read: number; cache_creation: number };
  /** amount is a number in CENTS. */
  estimated_cost: { amount: number; currency: string };
}

export interface ClaudeCodeFact {
  day: string;
  actor: ClaudeCodeActor;
  customer_type: "api" | "subscription";
  subscription_type: "enterprise" | "team" | null;
  terminal_type: string;
  is_remote: boolean;
  core_metrics: { num_sessions: number; lines_of_code: { added: number; removed: number }; commits_by_claude_code: number; pull_requests_by_claude_code: number };
  tool_actions: Record<string, { accepted: number; rejected: number }>;
  model_breakdown: ClaudeCodeModelBreakdown[];
}

export interface AnthropicFacts {
  messages: MessagesFact[];
  costs: AnthropicCostFact[];
  claudeCode: ClaudeCodeFact[];
}

/** Per data set, a function that rewrites each fact of the revised day (return null to drop the fact). */
export type AnthropicRevision = { [K in keyof AnthropicFacts]?: (fact: AnthropicFacts[K][number]) => AnthropicFacts[K][number] | null };

export interface AnthropicTotals {
  messages: { uncachedInput: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number; output: number; webSearches: number };
  /** cost_report total in DOLLARS (the API's cents / 100), exact decimal string. */
  costUsd: string;
  /** costUsd in DOLLARS (the API's estimated_cost cents / 100), exact decimal string. */
  claudeCode: { input: number; output: number; cacheRead: number; cacheCreation: number; costUsd: string };
}

export interface FakeAnthropicOptions {
  adminKey?: string;
  forbiddenKey?: string;
  retryAfterSeconds?: number;
}

export interface FakeAnthropic {
  /** Origin without a path: a client calls `${url}/v1/organizations/usage_report/messages`. */
  url: string;
  adminKey: string;
  forbiddenKey: string;
  requests: RequestLogEntry[];
  faults: Faults;
  /** Replaces all facts with deterministic generated data; days 4, 10, 16, … (0-based) of the range stay empty. */
  seed(options: { startDay: string; days: number; seed?: number }): void;
  /** Replaces the given data sets (others are kept). */
  set(facts: Partial<AnthropicFacts>): void;
  /** Appends facts to the given data sets. */
  add(facts: Partial<AnthropicFacts>): void;
  /** A deep copy of all facts. */
  facts(): AnthropicFacts;
  /** Rewrites the facts of one day, as a provider revising a recent bucket between two syncs. */
  revise(day: string, change: AnthropicRevision): void;
  /** What a correct ledger holds for the inclusive day range. */
  totals(range: { from: string; to: string }): AnthropicTotals;
  close(): Promise<void>;
}

const ORGANIZATION_ID = "12345678-1234-5678-1234-567812345678";

const emptyFacts = (): AnthropicFacts => ({ messages: [], costs: [], claudeCode: [] });

// ── query helpers ──────────────────────────────────────────────────────────────────────────────────────────

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function timeParam(query: URLSearchParams, name: string): number | null {
  const raw = param(query, name);
  if (raw === null) return null;
  const millis = Date.parse(raw);
  if (!RFC3339.test(raw) || Number.isNaN(millis)) throw invalid(`${name}: Input should be a valid RFC 3339 datetime, got '${raw}'`);
  return Math.floor(millis / 1000);
}

/** RFC 3339 with a Z and no milliseconds, as in the API's examples ("2025-08-01T00:00:00Z"). */
function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const USAGE_LIMITS: Record<BucketWidth, { fallback: number; max: number }> = {
  "1d": { fallback: 7, max: 31 },
  "1h": { fallback: 24, max: 168 },
  "1m": { fallback: 60, max: 1440 },
};

interface Report<F extends TimedFact> {
  kind: string;
  widths: readonly BucketWidth[];
  limits: (width: BucketWidth) => { fallback: number; max: number };
  groupFields: readonly (keyof F & string)[];
  /** What each group_by value splits by (cost_report's `description` brings its descriptive fields along). */
  splitFields: (groupBy: readonly (keyof F & string)[]) => (keyof F & string)[];
  filters: Readonly<Record<string, keyof F & string>>;
  result(group: readonly F[], groupBy: readonly string[]): JsonObject;
}

function serveReport<F extends TimedFact>(report: Report<F>, facts: readonly F[], query: URLSearchParams): JsonObject {
  const start = timeParam(query, "starting_at");
  if (start === null) throw invalid("starting_at: Field required");
  const end = timeParam(query, "ending_at") ?? Math.floor(Date.now() / 1000);
  const width = bucketWidthParam(param(query, "bucket_width"), report.widths, "1d");
  const limits = report.limits(width);
  const limit = limitParam(query, limits.fallback, limits.max);
  const groupBy = groupByParam(query, report.groupFields);
  const filters = Object.entries(report.filters).map(([name, field]) => ({ values: listParam(query, name), field }));

  const page = bucketPage(applyFilters(facts, filters), { kind: report.kind, start, end, width, limit, page: param(query, "page") });
  return {
    data: page.buckets.map((bucket) => ({
      starting_at: rfc3339(bucket.start),
      ending_at: rfc3339(bucket.end),
      results: groupFacts(bucket.facts, report.splitFields(groupBy)).map((group) => report.result(group, groupBy)),
    })),
    has_more: page.nextPage !== null,
    next_page: page.nextPage,
  };
}

// ── reports ────────────────────────────────────────────────────────────────────────────────────────────────

const MESSAGE_DIMS = ["api_key_id", "workspace_id", "model", "service_tier", "context_window", "inference_geo", "account_id", "service_account_id"] as const;

const messages: Report<MessagesFact> = {
  kind: "messages",
  widths: ["1m", "1h", "1d"],
  limits: (width) => USAGE_LIMITS[width],
  groupFields: [...MESSAGE_DIMS, "speed"],
  splitFields: (groupBy) => [...groupBy],
  // Sent in bracket form (api_key_ids[]=…); listParam accepts both forms.
  filters: {
    api_key_ids: "api_key_id",
    workspace_ids: "workspace_id",
    models: "model",
    service_tiers: "service_tier",
    context_window: "context_window",
    inference_geos: "inference_geo",
    speeds: "speed",
    account_ids: "account_id",
    service_account_ids: "service_account_id",
  },
  result: (group, groupBy) => ({
    uncached_input_tokens: sumOf(group, (f) => f.uncached_input_tokens),
    cache_creation: {
      ephemeral_1h_input_tokens: sumOf(group, (f) => f.ephemeral_1h_input_tokens),
      ephemeral_5m_input_tokens: sumOf(group, (f) => f.ephemeral_5m_input_tokens),
    },
    cache_read_input_tokens: sumOf(group, (f) => f.cache_read_input_tokens),
    output_tokens: sumOf(group, (f) => f.output_tokens),
    server_tool_use: { web_search_requests: sumOf(group, (f) => f.web_search_requests) },
    ...dims(group, MESSAGE_DIMS, groupBy),
    // The reference lists `speed` only "when grouped" (it needs a beta header), so it is absent otherwise.
    ...(groupBy.includes("speed") ? { speed: group[0]?.speed ?? null } : {}),
  }),
};

const DESCRIPTION_FIELDS = ["description", "cost_type", "model", "token_type", "service_tier", "context_window", "inference_geo"] as const;

const costReport: Report<AnthropicCostFact> = {
  kind: "cost_report",
  widths: ["1d"],
  limits: () => ({ fallback: 7, max: 31 }),
  groupFields: ["description", "workspace_id"],
  // Amounts in two currencies never add, so results split by currency even when nothing is grouped.
  splitFields: (groupBy) => [...(groupBy.includes("description") ? DESCRIPTION_FIELDS : []), ...(groupBy.includes("workspace_id") ? ["workspace_id" as const] : []), "currency"],
  filters: {},
  result(group, groupBy) {
    const described = groupBy.includes("description") ? [...DESCRIPTION_FIELDS] : [];
    return {
      amount: decimalSum(group, (f) => f.amount).toFixed(),
      currency: group[0]?.currency ?? "USD",
      ...dims(group, ["workspace_id"], groupBy),
      ...dims(group, DESCRIPTION_FIELDS, described),
    };
  },
};

function actorKey(actor: ClaudeCodeActor): string {
  return actor.type === "user_actor" ? `user:${actor.email_address}` : `api:${actor.api_key_name}`;
}

function claudeCodeRecord(fact: ClaudeCodeFact): JsonObject {
  const metrics = fact.core_metrics;
  return {
    date: rfc3339(dayStart(fact.day)),
    organization_id: ORGANIZATION_ID,
    customer_type: fact.customer_type,
    subscription_type: fact.subscription_type,
    terminal_type: fact.terminal_type,
    is_remote: fact.is_remote,
    actor: { ...fact.actor },
    core_metrics: {
      num_sessions: metrics.num_sessions,
      lines_of_code: { ...metrics.lines_of_code },
      commits_by_claude_code: metrics.commits_by_claude_code,
      pull_requests_by_claude_code: metrics.pull_requests_by_claude_code,
    },
    tool_actions: Object.fromEntries(Object.entries(fact.tool_actions).map(([tool, counts]) => [tool, { ...counts }])),
    model_breakdown: fact.model_breakdown.map((entry) => ({ model: entry.model, tokens: { ...entry.tokens }, estimated_cost: { ...entry.estimated_cost } })),
  };
}

/** Claude Code analytics pages by records (not buckets) within the single day asked for. */
function serveClaudeCode(facts: readonly ClaudeCodeFact[], query: URLSearchParams): JsonObject {
  const day = param(query, "starting_at");
  if (day === null) throw invalid("starting_at: Field required");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw invalid(`starting_at must be a UTC date YYYY-MM-DD, got '${day}'`);
  const limit = limitParam(query, 20, 1000);
  const page = param(query, "page");
  let offset = 0;
  if (page !== null) {
    const state = decodeCursor(page, "claude_code");
    if (cursorString(state, "day", page) !== day) throw invalid("page cursor was issued for another starting_at");
    offset = cursorNumber(state, "offset", page);
  }
  const records = facts
    .filter((fact) => fact.day === day)
    .sort((a, b) => {
      const [x, y] = [`${actorKey(a.actor)}|${a.is_remote}|${a.terminal_type}`, `${actorKey(b.actor)}|${b.is_remote}|${b.terminal_type}`];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const next = offset + limit;
  const hasMore = next < records.length;
  return {
    data: records.slice(offset, next).map(claudeCodeRecord),
    has_more: hasMore,
    next_page: hasMore ? encodeCursor({ kind: "claude_code", day, offset: next }) : null,
  };
}

// ── seed data ──────────────────────────────────────────────────────────────────────────────────────────────

const API_KEYS = [
  { id: "apikey_01FakeDefaultWorkspace00001", workspace: null },
  { id: "apikey_01FakeResearchNotebooks0001", workspace: "wrkspc_01FakeResearch0000000001" },
  { id: "apikey_01FakeProductionBackend0001", workspace: "wrkspc_01FakeProduction00000001" },
  { id: "apikey_01FakeProductionBatchJob001", workspace: "wrkspc_01FakeProduction00000001" },
] as const;

/** USD per 1M tokens. */
const CLAUDE_MODELS = [
  { model: "claude-sonnet-4-5-20250929", name: "Claude Sonnet 4.5", input: "3", output: "15", write5m: "3.75", write1h: "6", read: "0.30", longContext: true },
  { model: "claude-haiku-4-5-20251001", name: "Claude Haiku 4.5", input: "1", output: "5", write5m: "1.25", write1h: "2", read: "0.10", longContext: false },
  { model: "claude-opus-4-1-20250805", name: "Claude Opus 4.1", input: "15", output: "75", write5m: "18.75", write1h: "30", read: "1.50", longContext: false },
] as const;

type ClaudeModel = (typeof CLAUDE_MODELS)[number];

const TOKEN_TYPES = [
  { type: "uncached_input_tokens", label: "Input Tokens", price: (m: ClaudeModel) => m.input, longContext: "2", pick: (f: MessagesFact) => f.uncached_input_tokens },
  { type: "output_tokens", label: "Output Tokens", price: (m: ClaudeModel) => m.output, longContext: "1.5", pick: (f: MessagesFact) => f.output_tokens },
  { type: "cache_read_input_tokens", label: "Cache Read Input Tokens", price: (m: ClaudeModel) => m.read, longContext: "2", pick: (f: MessagesFact) => f.cache_read_input_tokens },
  {
    type: "cache_creation.ephemeral_5m_input_tokens",
    label: "Input Tokens, Cache Write 5m",
    price: (m: ClaudeModel) => m.write5m,
    longContext: "2",
    pick: (f: MessagesFact) => f.ephemeral_5m_input_tokens,
  },
  {
    type: "cache_creation.ephemeral_1h_input_tokens",
    label: "Input Tokens, Cache Write 1h",
    price: (m: ClaudeModel) => m.write1h,
    longContext: "2",
    pick: (f: MessagesFact) => f.ephemeral_1h_input_tokens,
  },
] as const;

type CostDescription = Omit<AnthropicCostFact, "amount" | "currency" | "hour">;

/** Cents for `tokens` at `dollarsPerMillion`: tokens × price / 1e6 dollars × 100. */
function centsFor(tokens: number, dollarsPerMillion: Decimal.Value): Decimal {
  return new Decimal(tokens).times(dollarsPerMillion).dividedBy(10_000);
}

function seedMessage(random: Random, day: string): { fact: MessagesFact; priced: ClaudeModel } {
  const fromConsole = random.chance(0.1);
  const key = random.pick(API_KEYS);
  const priced = random.pick(CLAUDE_MODELS);
  const uncached = random.int(1_000, 400_000);
  return {
    priced,
    fact: {
      day,
      hour: random.int(0, 23),
      api_key_id: fromConsole ? null : key.id,
      workspace_id: fromConsole ? null : key.workspace,
      model: priced.model,
      service_tier: random.chance(0.2) ? "batch" : "standard",
      context_window: priced.longContext && random.chance(0.15) ? "200k-1M" : "0-200k",
      inference_geo: random.chance(0.3) ? "global" : "not_available",
      speed: "standard",
      account_id: null,
      service_account_id: null,
      uncached_input_tokens: uncached,
      cache_read_input_tokens: random.chance(0.6) ? random.int(0, uncached * 3) : 0,
      ephemeral_5m_input_tokens: random.chance(0.5) ? random.int(0, uncached) : 0,
      ephemeral_1h_input_tokens: random.chance(0.15) ? random.int(0, uncached) : 0,
      output_tokens: Math.floor(uncached * (0.05 + random.next() * 0.3)),
      web_search_requests: random.chance(0.2) ? random.int(1, 30) : 0,
    },
  };
}

function seedClaudeCode(random: Random, day: string): ClaudeCodeFact[] {
  const actors: { actor: ClaudeCodeActor; customer: "api" | "subscription"; subscription: "team" | null }[] = [
    { actor: { type: "user_actor", email_address: "ann@example.com" }, customer: "api", subscription: null },
    { actor: { type: "user_actor", email_address: "bob@example.com" }, customer: "subscription", subscription: "team" },
    { actor: { type: "api_actor", api_key_name: "ci-review-bot" }, customer: "api", subscription: null },
  ];
  return actors
    .filter(() => random.chance(0.6))
    .map(({ actor, customer, subscription }) => ({
      day,
      actor,
      customer_type: customer,
      subscription_type: subscription,
      terminal_type: actor.type === "api_actor" ? "non-interactive" : random.pick(["vscode", "iTerm.app", "ghostty"]),
      is_remote: actor.type === "api_actor",
      core_metrics: {
        num_sessions: random.int(1, 12),
        lines_of_code: { added: random.int(0, 2_000), removed: random.int(0, 800) },
        commits_by_claude_code: random.int(0, 6),
        pull_requests_by_claude_code: random.int(0, 2),
      },
      tool_actions: { edit_tool: { accepted: random.int(0, 60), rejected: random.int(0, 8) }, write_tool: { accepted: random.int(0, 20), rejected: random.int(0, 3) } },
      // Every session used Sonnet; some also used Haiku (sub-agents) or Opus.
      model_breakdown: CLAUDE_MODELS.filter((_, i) => i === 0 || random.chance(0.4)).map((priced) => {
        const tokens = { input: random.int(1_000, 200_000), output: random.int(500, 60_000), cache_read: random.int(0, 2_000_000), cache_creation: random.int(0, 150_000) };
        const cents = centsFor(tokens.input, priced.input)
          .plus(centsFor(tokens.output, priced.output))
          .plus(centsFor(tokens.cache_read, priced.read))
          .plus(centsFor(tokens.cache_creation, priced.write5m));
        // A JSON number in cents, as the API sends it; 4 decimals keep it exact as a double.
        return { model: priced.model, tokens, estimated_cost: { amount: cents.toDecimalPlaces(4).toNumber(), currency: "USD" } };
      }),
    }));
}

function seedFacts(startDay: string, days: number, seed: number): AnthropicFacts {
  const random = new Random(seed);
  const facts = emptyFacts();
  const costTotals = new Map<string, { description: CostDescription; amount: Decimal; quantity: Decimal }>();
  const charge = (description: CostDescription, cents: Decimal) => {
    if (cents.isZero()) return;
    const key = JSON.stringify(description);
    accumulate(costTotals, key, () => ({ description, amount: new Decimal(0), quantity: new Decimal(0) }), cents, new Decimal(0));
  };

  for (const [index, day] of daysFrom(startDay, days).entries()) {
    // Quiet days exist (weekends, outages) and the API still returns their buckets, empty. They fall on fixed
    // days (the 5th, 11th, 17th, … of the seeded range) so tests can count on one without searching.
    if (isQuietDay(index)) continue;
    for (let n = random.int(3, 8); n > 0; n--) {
      const { fact, priced } = seedMessage(random, day);
      facts.messages.push(fact);
      const batch = fact.service_tier === "batch";
      const longContext = fact.context_window === "200k-1M";
      for (const token of TOKEN_TYPES) {
        const price = new Decimal(token.price(priced)).times(batch ? "0.5" : "1").times(longContext ? token.longContext : "1");
        const description = `${priced.name}${batch ? " Batch" : ""} Usage - ${token.label}${longContext ? " (Long Context)" : ""}`;
        charge(
          { day, workspace_id: fact.workspace_id, description, cost_type: "tokens", model: fact.model, token_type: token.type, service_tier: fact.service_tier, context_window: fact.context_window, inference_geo: fact.inference_geo },
          centsFor(token.pick(fact), price),
        );
      }
      // Web search: $10 per 1,000 searches = 1 cent each.
      charge(
        { day, workspace_id: fact.workspace_id, description: "Web Search", cost_type: "web_search", model: null, token_type: null, service_tier: null, context_window: null, inference_geo: null },
        new Decimal(fact.web_search_requests),
      );
    }
    facts.claudeCode.push(...seedClaudeCode(random, day));
  }

  facts.costs = [...costTotals.values()].map(({ description, amount }) => ({ ...description, amount: amount.toFixed(), currency: "USD" }));
  return facts;
}

// ── totals ─────────────────────────────────────────────────────────────────────────────────────────────────

function computeTotals(all: AnthropicFacts, range: { from: string; to: string }): AnthropicTotals {
  const messageFacts = inDays(all.messages, range);
  const breakdowns = inDays(all.claudeCode, range).flatMap((fact) => fact.model_breakdown);
  const costs = inDays(all.costs, range);
  const foreign = costs.find((fact) => fact.currency !== "USD");
  if (foreign) throw new Error(`totals() sums USD only; a cost fact is in ${foreign.currency}`);
  return {
    messages: {
      uncachedInput: sumOf(messageFacts, (f) => f.uncached_input_tokens),
      cacheRead: sumOf(messageFacts, (f) => f.cache_read_input_tokens),
      cacheWrite5m: sumOf(messageFacts, (f) => f.ephemeral_5m_input_tokens),
      cacheWrite1h: sumOf(messageFacts, (f) => f.ephemeral_1h_input_tokens),
      output: sumOf(messageFacts, (f) => f.output_tokens),
      webSearches: sumOf(messageFacts, (f) => f.web_search_requests),
    },
    costUsd: decimalSum(costs, (f) => f.amount).dividedBy(100).toFixed(),
    claudeCode: {
      input: sumOf(breakdowns, (b) => b.tokens.input),
      output: sumOf(breakdowns, (b) => b.tokens.output),
      cacheRead: sumOf(breakdowns, (b) => b.tokens.cache_read),
      cacheCreation: sumOf(breakdowns, (b) => b.tokens.cache_creation),
      costUsd: decimalSum(breakdowns, (b) => b.estimated_cost.amount).dividedBy(100).toFixed(),
    },
  };
}

// ── server ─────────────────────────────────────────────────────────────────────────────────────────────────

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single === "" ? null : single;
}

/** A deep copy of the data sets given, without keys explicitly set to undefined (they must not erase a data set). */
function definedCopy(facts: Partial<AnthropicFacts>): Partial<AnthropicFacts> {
  return Object.fromEntries(Object.entries(structuredClone(facts)).filter(([, list]) => list !== undefined));
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const adminKey = options.adminKey ?? "sk-ant-admin01-fake-valid";
  const forbiddenKey = options.forbiddenKey ?? "sk-ant-admin01-fake-forbidden";
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  let state = emptyFacts();

  // Closures read `state` per request, so set/seed/revise take effect on the very next request.
  const routes: Record<string, (query: URLSearchParams) => JsonObject> = {
    "/v1/organizations/usage_report/messages": (q) => serveReport(messages, state.messages, q),
    "/v1/organizations/cost_report": (q) => serveReport(costReport, state.costs, q),
    "/v1/organizations/usage_report/claude_code": (q) => serveClaudeCode(state.claudeCode, q),
  };

  const handle = (request: IncomingMessage, url: URL): Reply => {
    const key = header(request, "x-api-key");
    if (key !== adminKey && key !== forbiddenKey) throw new HttpError(401, "authentication_error", "invalid x-api-key");
    if (header(request, "anthropic-version") === null) throw new HttpError(400, "invalid_request_error", "anthropic-version: header is required");
    const route = request.method === "GET" ? routes[url.pathname.replace(/\/+$/, "")] : undefined;
    if (!route) throw new HttpError(404, "not_found_error", "Not found");
    if (key === forbiddenKey) throw new HttpError(403, "permission_error", "Your API key does not have permission to use the specified resource.");
    return { status: 200, body: route(url.searchParams) };
  };

  const server = await startFakeServer({
    handle,
    errorBody: (error) => ({ type: "error", error: { type: error.errorType, message: error.message } }),
    faultReply: (kind) =>
      kind === "429"
        ? {
            status: 429,
            headers: { "retry-after": String(retryAfterSeconds) },
            body: { type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit." } },
          }
        : { status: 500, body: { type: "error", error: { type: "api_error", message: "Internal server error" } } },
  });

  return {
    url: server.origin,
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
        messages: [...state.messages, ...added.messages],
        costs: [...state.costs, ...added.costs],
        claudeCode: [...state.claudeCode, ...added.claudeCode],
      };
    },
    facts: () => structuredClone(state),
    revise: (day, change) => {
      state = {
        messages: reviseDay(state.messages, day, change.messages),
        costs: reviseDay(state.costs, day, change.costs),
        claudeCode: reviseDay(state.claudeCode, day, change.claudeCode),
      };
    },
    totals: (range) => computeTotals(state, range),
    close: () => server.close(),
  };
}
