import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "./anthropic-admin";
import { dayStart } from "./buckets";
import { startFakeOpenAI, type FakeOpenAI } from "./openai-admin";

// Proves the fakes behave like the documented APIs, so sync tests built on them test the client, not the fake.

type Result = Record<string, unknown>;
type Params = Record<string, string | string[]>;

interface Page {
  data: { results: Result[] }[];
  has_more: boolean;
  next_page: string | null;
}
interface OpenAIPage extends Page {
  object: string;
  data: { object: string; start_time: number; end_time: number; results: Result[] }[];
}
interface AnthropicPage extends Page {
  data: { starting_at: string; ending_at: string; results: Result[] }[];
}

function queryOf(params: Params, page: string | null): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of [value].flat()) query.append(name, item);
  if (page !== null) query.set("page", page);
  return query.toString();
}

/** Follows next_page to the end, as a sync client does; every page must be a 200 with a consistent has_more. */
async function walk<P extends Page>(endpoint: string, params: Params, headers: Record<string, string>): Promise<P[]> {
  const pages: P[] = [];
  let page: string | null = null;
  do {
    const response = await fetch(`${endpoint}?${queryOf(params, page)}`, { headers });
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as P;
    expect(body.has_more).toBe(body.next_page !== null);
    pages.push(body);
    page = body.next_page;
    if (pages.length > 200) throw new Error("pagination does not end");
  } while (page !== null);
  return pages;
}

const results = (pages: readonly Page[]): Result[] => pages.flatMap((page) => page.data.flatMap((bucket) => bucket.results));

function num(result: Result, path: string): number {
  const value = path.split(".").reduce<unknown>((node, key) => (node as Result)[key], result);
  if (typeof value !== "number") throw new Error(`${path} is not a number: ${JSON.stringify(value)}`);
  return value;
}
const sum = (items: readonly Result[], path: string) => items.reduce((total, item) => total + num(item, path), 0);
const unix = (day: string) => dayStart(day);

describe("fake OpenAI Admin API", () => {
  let openai: FakeOpenAI;
  let auth: Record<string, string>;
  const range = { start_time: String(unix("2025-01-01")), end_time: String(unix("2025-02-10")) }; // 40 days

  beforeAll(async () => {
    openai = await startFakeOpenAI({ retryAfterSeconds: 3 });
    openai.seed({ startDay: "2025-01-01", days: 40, seed: 7 });
    auth = { authorization: `Bearer ${openai.adminKey}` };
  });
  afterAll(() => openai.close());

  const get = (path: string, params: Params, headers = auth) => fetch(`${openai.url}${path}?${queryOf(params, null)}`, { headers });

  it("pages through every daily bucket, oldest first, with no gap or repeat, then stops", async () => {
    const before = openai.requests.length;
    const pages = await walk<OpenAIPage>(`${openai.url}/organization/usage/completions`, { ...range, limit: "7" }, auth);
    expect(pages).toHaveLength(Math.ceil(40 / 7));
    expect(openai.requests.length - before).toBe(pages.length);
    const buckets = pages.flatMap((page) => page.data);
    expect(buckets.map((bucket) => bucket.start_time)).toEqual(Array.from({ length: 40 }, (_, i) => unix("2025-01-01") + i * 86_400));
    expect(buckets.every((bucket) => bucket.object === "bucket" && bucket.end_time === bucket.start_time + 86_400)).toBe(true);
    expect(pages.every((page) => page.object === "page" && page.data.length <= 7)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ has_more: false, next_page: null });
    // Quiet days are still there, as empty buckets; busy ones have one ungrouped result.
    expect(buckets[4]!.results).toEqual([]); // the seed's first quiet day
    expect(buckets.filter((bucket) => bucket.results.length === 1)).toHaveLength(40 - 6); // quiet: 4, 10, 16, 22, 28, 34
    const [first] = results(pages);
    expect(first).toMatchObject({ object: "organization.usage.completions.result", project_id: null, model: null, batch: null, service_tier: null });
  });

  it("defaults to 7 buckets a page and refuses limits beyond the documented maximum", async () => {
    const page = (await (await get("/organization/usage/completions", range)).json()) as OpenAIPage;
    expect(page.data).toHaveLength(7);
    expect((await get("/organization/usage/completions", { ...range, limit: "31" })).status).toBe(200);
    expect((await get("/organization/usage/completions", { ...range, limit: "32" })).status).toBe(400);
    expect((await get("/organization/costs", { ...range, limit: "180" })).status).toBe(200);
    expect((await get("/organization/costs", { ...range, limit: "181" })).status).toBe(400);
    expect((await get("/organization/costs", { ...range, bucket_width: "1h" })).status).toBe(400);
  });

  it("hourly buckets hold the same usage as the daily ones", async () => {
    const oneDay = { start_time: String(unix("2025-01-02")), end_time: String(unix("2025-01-03")) };
    const hourly = await walk<OpenAIPage>(`${openai.url}/organization/usage/completions`, { ...oneDay, bucket_width: "1h", limit: "10" }, auth);
    expect(hourly.flatMap((page) => page.data)).toHaveLength(24);
    const daily = await walk<OpenAIPage>(`${openai.url}/organization/usage/completions`, oneDay, auth);
    expect(sum(results(hourly), "input_tokens")).toBe(sum(results(daily), "input_tokens"));
    expect(sum(results(daily), "input_tokens")).toBeGreaterThan(0);
  });

  it("group_by splits the same sums, accepting both repeated and bracket forms", async () => {
    const endpoint = `${openai.url}/organization/usage/completions`;
    const plain = results(await walk(endpoint, { ...range, limit: "31" }, auth));
    const grouped = results(await walk(endpoint, { ...range, limit: "31", group_by: ["project_id", "model"], "group_by[]": ["batch", "service_tier"] }, auth));
    expect(grouped.length).toBeGreaterThan(plain.length);
    for (const field of ["input_tokens", "input_cached_tokens", "input_cache_write_tokens", "input_uncached_tokens", "output_tokens", "num_model_requests"]) {
      expect(sum(grouped, field)).toBe(sum(plain, field));
    }
    expect(grouped.every((r) => typeof r.project_id === "string" && typeof r.model === "string" && typeof r.batch === "boolean" && r.user_id === null)).toBe(true);
    const alpha = results(await walk(endpoint, { ...range, limit: "31", group_by: "project_id", project_ids: "proj_alpha" }, auth));
    expect(alpha.length).toBeGreaterThan(0);
    expect(alpha.every((r) => r.project_id === "proj_alpha")).toBe(true);
    expect(sum(alpha, "input_tokens")).toBeLessThan(sum(plain, "input_tokens"));
    expect(grouped.every((r) => num(r, "input_uncached_tokens") === num(r, "input_tokens") - num(r, "input_cached_tokens") - num(r, "input_cache_write_tokens"))).toBe(true);

    const costs = `${openai.url}/organization/costs`;
    const costSum = (items: Result[]) => items.reduce((total, r) => total.plus(String(num(r, "amount.value"))), new Decimal(0));
    const byLine = results(await walk(costs, { ...range, limit: "40", group_by: ["line_item", "project_id"] }, auth));
    const unsplit = results(await walk(costs, { ...range, limit: "40" }, auth));
    expect(costSum(byLine).eq(costSum(unsplit))).toBe(true);
    expect(byLine.every((r) => typeof r.line_item === "string" && typeof r.quantity === "number" && typeof r.quantity_unit === "string" && r.api_key_id === null)).toBe(true);
    expect(unsplit.every((r) => r.line_item === null && r.quantity === null && (r.amount as Result).currency === "usd")).toBe(true);
  });

  it("totals equal what a full paginated walk of every endpoint returns (costs to the cent)", async () => {
    const walkAll = async (path: string, extra: Params = {}) => results(await walk(`${openai.url}${path}`, { ...range, limit: "9", ...extra }, auth));
    const totals = openai.totals({ from: "2025-01-01", to: "2025-02-09" });
    const completions = await walkAll("/organization/usage/completions", { group_by: "model" });
    expect(totals.completions).toEqual({
      uncachedInput: sum(completions, "input_uncached_tokens"),
      cacheRead: sum(completions, "input_cached_tokens"),
      cacheWrite: sum(completions, "input_cache_write_tokens"),
      output: sum(completions, "output_tokens"),
      requests: sum(completions, "num_model_requests"),
    });
    expect(totals.embeddingsInputTokens).toBe(sum(await walkAll("/organization/usage/embeddings"), "input_tokens"));
    expect(totals.moderationsInputTokens).toBe(sum(await walkAll("/organization/usage/moderations"), "input_tokens"));
    expect(totals.images).toBe(sum(await walkAll("/organization/usage/images", { "group_by[]": ["size", "source"] }), "images"));
    expect(totals.characters).toBe(sum(await walkAll("/organization/usage/audio_speeches"), "characters"));
    expect(totals.seconds).toBe(sum(await walkAll("/organization/usage/audio_transcriptions"), "seconds"));
    const walked = (await walkAll("/organization/costs", { group_by: "api_key_id" })).reduce((total, r) => total.plus(String(num(r, "amount.value"))), new Decimal(0));
    expect(Object.keys(totals.costs)).toEqual(["USD"]);
    expect(walked.toFixed()).toBe(totals.costs.USD);
    expect(new Decimal(totals.costs.USD ?? "0").gt(0)).toBe(true);
  });

  it("rejects bad keys, forbidden keys and bad queries with OpenAI-shaped errors", async () => {
    const wrong = await get("/organization/usage/completions", range, { authorization: "Bearer sk-wrong" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_api_key" } });
    expect((await get("/organization/usage/completions", range, {})).status).toBe(401);
    const forbidden = await get("/organization/costs", range, { authorization: `Bearer ${openai.forbiddenKey}` });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { message: expect.any(String) } });
    const missing = await get("/organization/usage/completions", { end_time: range.end_time });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    expect((await get("/organization/usage/embeddings", { ...range, group_by: "batch" })).status).toBe(400);
    expect((await get("/organization/usage/completions", { ...range, page: "page_forged" })).status).toBe(400);
    expect((await get("/organization/usage/nope", range)).status).toBe(404);
  });

  it("injects 429 with Retry-After, then 500 on a chosen page only", async () => {
    openai.faults.failNext(1, "429");
    const limited = await get("/organization/usage/completions", range);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
    expect((await get("/organization/usage/completions", range)).status).toBe(200);

    openai.faults.failWhen(({ query }) => (query.has("page") ? "500" : null));
    const first = await get("/organization/usage/completions", range);
    expect(first.status).toBe(200);
    const next = ((await first.json()) as OpenAIPage).next_page ?? "";
    const second = await get("/organization/usage/completions", { ...range, page: next });
    expect(second.status).toBe(500);
    expect(openai.requests.at(-1)).toMatchObject({ path: "/v1/organization/usage/completions", status: 500 });
    openai.faults.clear();
    expect((await get("/organization/usage/completions", { ...range, page: next })).status).toBe(200);
  });

  it("a revised day changes the next walk and the totals alike", async () => {
    const fake = await startFakeOpenAI();
    try {
      fake.seed({ startDay: "2025-03-01", days: 5, seed: 3 });
      const window = { start_time: String(unix("2025-03-01")), end_time: String(unix("2025-03-06")), limit: "2" };
      const headers = { authorization: `Bearer ${fake.adminKey}` };
      const walkSums = async () => ({
        output: sum(results(await walk(`${fake.url}/organization/usage/completions`, window, headers)), "output_tokens"),
        cost: results(await walk(`${fake.url}/organization/costs`, window, headers)).reduce((total, r) => total.plus(String(num(r, "amount.value"))), new Decimal(0)),
      });
      const before = { walked: await walkSums(), totals: fake.totals({ from: "2025-03-01", to: "2025-03-05" }) };
      const day = fake.facts().completions.at(-1)!.day;
      let revisedCosts = 0;
      fake.revise(day, {
        completions: (fact) => ({ ...fact, output_tokens: fact.output_tokens + 1_000 }),
        costs: (fact) => (revisedCosts++ === 0 ? { ...fact, amount: new Decimal(fact.amount).plus("0.01").toFixed() } : fact),
      });
      const revisedCompletions = fake.facts().completions.filter((fact) => fact.day === day).length;
      const after = { walked: await walkSums(), totals: fake.totals({ from: "2025-03-01", to: "2025-03-05" }) };
      expect(after.walked.output - before.walked.output).toBe(1_000 * revisedCompletions);
      expect(after.totals.completions.output).toBe(after.walked.output);
      expect(after.walked.cost.minus(before.walked.cost).toFixed()).toBe("0.01");
      expect(after.totals.costs.USD).toBe(after.walked.cost.toFixed());
      expect(new Decimal(after.totals.costs.USD ?? "0").minus(before.totals.costs.USD ?? "0").toFixed()).toBe("0.01");
    } finally {
      await fake.close();
    }
  });

  it("a hanging request is released by close(), promptly", async () => {
    const fake = await startFakeOpenAI();
    fake.faults.failNext(1, "hang");
    const pending = fetch(`${fake.url}/organization/usage/completions?start_time=0`, { headers: { authorization: `Bearer ${fake.adminKey}` } });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fake.requests[0]).toMatchObject({ status: null });
    const started = Date.now();
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("fake Anthropic Admin API", () => {
  let anthropic: FakeAnthropic;
  let headers: Record<string, string>;
  const range = { starting_at: "2025-08-01T00:00:00Z", ending_at: "2025-08-21T00:00:00Z" }; // 20 days

  beforeAll(async () => {
    anthropic = await startFakeAnthropic({ retryAfterSeconds: 2 });
    anthropic.seed({ startDay: "2025-08-01", days: 20, seed: 11 });
    headers = { "x-api-key": anthropic.adminKey, "anthropic-version": "2023-06-01" };
  });
  afterAll(() => anthropic.close());

  const get = (path: string, params: Params, sent = headers) => fetch(`${anthropic.url}${path}?${queryOf(params, null)}`, { headers: sent });
  const messagesUrl = () => `${anthropic.url}/v1/organizations/usage_report/messages`;
  const costUrl = () => `${anthropic.url}/v1/organizations/cost_report`;
  const TOKEN_PATHS = ["uncached_input_tokens", "cache_read_input_tokens", "cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_1h_input_tokens", "output_tokens", "server_tool_use.web_search_requests"];

  it("pages through every daily bucket with RFC 3339 bounds, no gap or repeat", async () => {
    const pages = await walk<AnthropicPage>(messagesUrl(), { ...range, limit: "6" }, headers);
    expect(pages).toHaveLength(4);
    const buckets = pages.flatMap((page) => page.data);
    const days = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2025, 7, 1 + i)).toISOString().replace(".000Z", "Z"));
    expect(buckets.map((bucket) => bucket.starting_at)).toEqual(days);
    expect(buckets.map((bucket) => bucket.ending_at)).toEqual([...days.slice(1), "2025-08-21T00:00:00Z"]);
    expect(buckets[4]!.results).toEqual([]); // the seed's first quiet day
    expect(pages.at(-1)).toMatchObject({ has_more: false, next_page: null });
    expect(results(pages)[0]).toMatchObject({ api_key_id: null, workspace_id: null, model: null, service_tier: null, context_window: null, cache_creation: expect.any(Object) });
  });

  it("group_by[] splits the same sums (bracket and plain forms)", async () => {
    const plain = results(await walk(messagesUrl(), { ...range, limit: "31" }, headers));
    const grouped = results(await walk(messagesUrl(), { ...range, limit: "31", "group_by[]": ["model", "workspace_id", "service_tier"], group_by: "context_window" }, headers));
    expect(grouped.length).toBeGreaterThan(plain.length);
    for (const path of TOKEN_PATHS) expect(sum(grouped, path)).toBe(sum(plain, path));
    expect(grouped.every((r) => typeof r.model === "string" && typeof r.context_window === "string" && r.api_key_id === null)).toBe(true);

    const centsOf = (items: Result[]) => items.reduce((total, r) => total.plus(r.amount as string), new Decimal(0));
    const described = results(await walk(costUrl(), { ...range, limit: "31", "group_by[]": ["description", "workspace_id"] }, headers));
    const unsplit = results(await walk(costUrl(), { ...range, limit: "31" }, headers));
    expect(centsOf(described).eq(centsOf(unsplit))).toBe(true);
    expect(described.every((r) => typeof r.description === "string" && typeof r.cost_type === "string" && r.currency === "USD")).toBe(true);
    expect(described.some((r) => r.cost_type === "tokens" && typeof r.token_type === "string" && typeof r.model === "string")).toBe(true);
    expect(unsplit.every((r) => typeof r.amount === "string" && r.description === null && r.workspace_id === null)).toBe(true);
  });

  it("hourly buckets hold the same usage as the daily ones", async () => {
    const oneDay = { starting_at: "2025-08-03T00:00:00Z", ending_at: "2025-08-04T00:00:00Z" };
    const hourly = await walk<AnthropicPage>(messagesUrl(), { ...oneDay, bucket_width: "1h" }, headers);
    expect(hourly).toHaveLength(1); // 1h default limit is 24
    expect(hourly[0]!.data).toHaveLength(24);
    const daily = await walk<AnthropicPage>(messagesUrl(), oneDay, headers);
    for (const path of TOKEN_PATHS) expect(sum(results(hourly), path)).toBe(sum(results(daily), path));
  });

  it("totals equal a full walk of messages, cost_report (cents → dollars) and Claude Code", async () => {
    const totals = anthropic.totals({ from: "2025-08-01", to: "2025-08-20" });
    const usage = results(await walk(messagesUrl(), { ...range, limit: "5", "group_by[]": "api_key_id" }, headers));
    expect(totals.messages).toEqual({
      uncachedInput: sum(usage, "uncached_input_tokens"),
      cacheRead: sum(usage, "cache_read_input_tokens"),
      cacheWrite5m: sum(usage, "cache_creation.ephemeral_5m_input_tokens"),
      cacheWrite1h: sum(usage, "cache_creation.ephemeral_1h_input_tokens"),
      output: sum(usage, "output_tokens"),
      webSearches: sum(usage, "server_tool_use.web_search_requests"),
    });
    const cents = results(await walk(costUrl(), { ...range, limit: "4", "group_by[]": "description" }, headers)).reduce((total, r) => total.plus(r.amount as string), new Decimal(0));
    expect(cents.dividedBy(100).toFixed()).toBe(totals.costUsd);

    const records: Result[] = [];
    for (let day = 1; day <= 20; day++) {
      const starting_at = `2025-08-${String(day).padStart(2, "0")}`;
      const pages = await walk<Page & { data: Result[] }>(`${anthropic.url}/v1/organizations/usage_report/claude_code`, { starting_at, limit: "1" }, headers);
      records.push(...pages.flatMap((page) => page.data));
    }
    expect(records[0]).toMatchObject({ date: expect.stringMatching(/^2025-08-\d\dT00:00:00Z$/), actor: { type: expect.any(String) }, core_metrics: expect.any(Object) });
    const breakdown = records.flatMap((record) => record.model_breakdown as Result[]);
    expect(totals.claudeCode).toEqual({
      input: sum(breakdown, "tokens.input"),
      output: sum(breakdown, "tokens.output"),
      cacheRead: sum(breakdown, "tokens.cache_read"),
      cacheCreation: sum(breakdown, "tokens.cache_creation"),
      costUsd: breakdown.reduce((total, b) => total.plus(String(num(b, "estimated_cost.amount"))), new Decimal(0)).dividedBy(100).toFixed(),
    });
  });

  it("rejects bad keys, forbidden keys, a missing version and bad queries with Anthropic-shaped errors", async () => {
    const wrong = await get("/v1/organizations/usage_report/messages", range, { ...headers, "x-api-key": "sk-ant-wrong" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    const forbidden = await get("/v1/organizations/cost_report", range, { ...headers, "x-api-key": anthropic.forbiddenKey });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ type: "error", error: { type: "permission_error" } });
    const noVersion = await get("/v1/organizations/usage_report/messages", range, { "x-api-key": anthropic.adminKey });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    expect((await get("/v1/organizations/usage_report/messages", { ending_at: range.ending_at })).status).toBe(400);
    expect((await get("/v1/organizations/usage_report/messages", { starting_at: "1722470400" })).status).toBe(400);
    expect((await get("/v1/organizations/cost_report", { ...range, bucket_width: "1h" })).status).toBe(400);
    expect((await get("/v1/organizations/cost_report", { ...range, "group_by[]": "model" })).status).toBe(400);
    expect((await get("/v1/organizations/cost_report", { ...range, limit: "32" })).status).toBe(400);
    expect((await get("/v1/organizations/usage_report/claude_code", { starting_at: "2025-08-01T00:00:00Z" })).status).toBe(400);
  });

  it("injects 429 with Retry-After and 500, then recovers", async () => {
    anthropic.faults.failNext(1, "429");
    anthropic.faults.failNext(1, "500");
    const limited = await get("/v1/organizations/usage_report/messages", range);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    const failed = await get("/v1/organizations/usage_report/messages", range);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect((await get("/v1/organizations/usage_report/messages", range)).status).toBe(200);
  });

  it("a revised day changes the next walk and the totals alike", async () => {
    const fake = await startFakeAnthropic();
    try {
      fake.seed({ startDay: "2025-09-01", days: 4, seed: 5 });
      const auth = { "x-api-key": fake.adminKey, "anthropic-version": "2023-06-01" };
      const window = { starting_at: "2025-09-01T00:00:00Z", ending_at: "2025-09-05T00:00:00Z", limit: "3" };
      const walkSums = async () => ({
        uncached: sum(results(await walk(`${fake.url}/v1/organizations/usage_report/messages`, window, auth)), "uncached_input_tokens"),
        cents: results(await walk(`${fake.url}/v1/organizations/cost_report`, window, auth)).reduce((total, r) => total.plus(r.amount as string), new Decimal(0)),
      });
      const before = await walkSums();
      const day = fake.facts().messages[0]!.day;
      const revisedMessages = fake.facts().messages.filter((fact) => fact.day === day).length;
      const revisedCosts = fake.facts().costs.filter((fact) => fact.day === day).length;
      fake.revise(day, {
        messages: (fact) => ({ ...fact, uncached_input_tokens: fact.uncached_input_tokens + 500 }),
        costs: (fact) => ({ ...fact, amount: new Decimal(fact.amount).plus("1.5").toFixed() }),
      });
      const after = await walkSums();
      const totals = fake.totals({ from: "2025-09-01", to: "2025-09-04" });
      expect(after.uncached - before.uncached).toBe(500 * revisedMessages);
      expect(totals.messages.uncachedInput).toBe(after.uncached);
      expect(after.cents.minus(before.cents).toFixed()).toBe(new Decimal("1.5").times(revisedCosts).toFixed());
      expect(totals.costUsd).toBe(after.cents.dividedBy(100).toFixed());
    } finally {
      await fake.close();
    }
  });

  it("a hanging request is released by close(), promptly", async () => {
    const fake = await startFakeAnthropic();
    fake.faults.failWhen(({ index }) => (index === 0 ? "hang" : null));
    const pending = fetch(`${fake.url}/v1/organizations/cost_report?starting_at=2025-08-01T00:00:00Z`, { headers: { "x-api-key": fake.adminKey, "anthropic-version": "2023-06-01" } });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
