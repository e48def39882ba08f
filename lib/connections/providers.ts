import Decimal from "decimal.js";
import { getJson, ProviderRequestError, type RequestStats, type RetryPolicy } from "@/lib/connections/http";
import { anthropicCostApiMapper, anthropicUsageApiMapper } from "@/lib/ingest/formats/anthropic-api";
import { openaiCostsMapper } from "@/lib/ingest/formats/openai-costs";
import { openaiUsageMapper } from "@/lib/ingest/formats/openai-usage";
import type { FormatMapper, Row } from "@/lib/ingest/types";

// The two admin APIs (reference/provider-formats.md §1 and §2): what to call for a window of days, and how each
// result becomes a row for the same mappers that read the providers' CSV exports. OpenAI's exports are exactly its
// API results flattened after four time columns, so a CSV and a sync of the same bucket are one ledger record.

export const CONNECTION_PROVIDERS = ["openai", "anthropic"] as const;
export type ConnectionProvider = (typeof CONNECTION_PROVIDERS)[number];

export const DEFAULT_BASE_URL: Record<ConnectionProvider, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
};

export type ClaudeCodeRecord = {
  day: string;
  actor: string;
  actorType: string;
  customerType: string | null;
  terminalType: string;
  isRemote: boolean;
  model: string;
  sessions: number;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** USD, decimal string. */
  estimatedCost: string;
};

/** What one window of days holds: rows per format (each written like a file), and Claude Code activity. */
export type WindowData = { inputs: { label: string; format: FormatMapper; rows: Row[] }[]; claudeCode: ClaudeCodeRecord[] };

export type ProviderClient = {
  /** A cheap authenticated call: throws ProviderAuthError when the key is refused. */
  check(): Promise<void>;
  /** Everything of [from, to), UTC midnights. */
  fetchWindow(from: Date, to: Date): Promise<WindowData>;
};

type Page = { data?: unknown; has_more?: unknown; next_page?: unknown };
const MAX_PAGES = 10_000;

/** Follows has_more / next_page to the end, returning every bucket (or record). */
async function paginate(fetchPage: (page: string | null) => Promise<unknown>, what: string): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let page: string | null = null;
  for (let count = 0; count < MAX_PAGES; count++) {
    const body = (await fetchPage(page)) as Page;
    if (!body || !Array.isArray(body.data)) throw new ProviderRequestError(`${what}: the answer has no data array.`, null);
    items.push(...body.data);
    if (body.has_more !== true) return items;
    if (typeof body.next_page !== "string" || !body.next_page) throw new ProviderRequestError(`${what}: has_more without a next_page.`, null);
    // A cursor seen before would loop for ever.
    if (seen.has(body.next_page)) throw new ProviderRequestError(`${what}: the provider returned the same next_page twice.`, null);
    seen.add(body.next_page);
    page = body.next_page;
  }
  throw new ProviderRequestError(`${what}: more than ${MAX_PAGES} pages.`, null);
}

/** A JSON number as the decimal it says (0.06, 1e-7 → "0.0000001"), through its shortest string: no float math. */
function decimalText(value: unknown): string {
  if (typeof value === "number") return new Decimal(String(value)).toFixed();
  if (typeof value === "string") return value;
  return "";
}

/** Scalars as cells: numbers through decimalText, booleans as true/false, null as empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return decimalText(value);
  return String(value);
}

function query(params: Record<string, string | number | readonly string[] | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, String(value));
  }
  return search.toString();
}

const OPENAI_USAGE: { path: string; groupBy: string[] }[] = [
  { path: "completions", groupBy: ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"] },
  { path: "embeddings", groupBy: ["project_id", "user_id", "api_key_id", "model"] },
  { path: "moderations", groupBy: ["project_id", "user_id", "api_key_id", "model"] },
  { path: "images", groupBy: ["project_id", "user_id", "api_key_id", "model", "size", "source"] },
  { path: "audio_speeches", groupBy: ["project_id", "user_id", "api_key_id", "model"] },
  { path: "audio_transcriptions", groupBy: ["project_id", "user_id", "api_key_id", "model"] },
];

type OpenAiBucket = { start_time: number; end_time: number; results?: Record<string, unknown>[] };

export function openaiClient(options: { baseUrl: string; key: string; policy: RetryPolicy; stats: RequestStats }): ProviderClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const headers = { authorization: `Bearer ${options.key}` };
  const get = (path: string, params: Record<string, string | number | readonly string[] | null>) =>
    getJson(`${base}${path}?${query(params)}`, headers, options.policy, options.stats);

  /** Buckets flattened to rows: the time columns, then every result field but "object". */
  const rowsOf = (buckets: unknown[]): Row[] =>
    (buckets as OpenAiBucket[]).flatMap((bucket) =>
      (bucket.results ?? []).map((result) => {
        const row: Row = { start_time: cell(bucket.start_time), end_time: cell(bucket.end_time) };
        for (const [key, value] of Object.entries(result)) {
          if (key === "object") continue;
          if (key === "amount" && value && typeof value === "object") {
            // Costs: { value, currency } as the export's amount_value / amount_currency.
            const amount = value as { value?: unknown; currency?: unknown };
            row.amount_value = decimalText(amount.value);
            row.amount_currency = cell(amount.currency);
          } else row[key] = cell(value);
        }
        return row;
      }),
    );

  return {
    async check() {
      const start = Math.floor(Date.now() / 1000) - 86_400;
      await get("/organization/usage/completions", { start_time: start, bucket_width: "1d", limit: 1 });
    },
    async fetchWindow(from, to) {
      const range = { start_time: Math.floor(from.getTime() / 1000), end_time: Math.floor(to.getTime() / 1000) };
      const inputs: WindowData["inputs"] = [];
      for (const endpoint of OPENAI_USAGE) {
        const buckets = await paginate(
          (page) => get(`/organization/usage/${endpoint.path}`, { ...range, bucket_width: "1d", limit: 31, group_by: endpoint.groupBy, page }),
          `OpenAI usage/${endpoint.path}`,
        );
        const rows = rowsOf(buckets);
        if (rows.length) inputs.push({ label: `usage/${endpoint.path}`, format: openaiUsageMapper, rows });
      }
      const costs = await paginate((page) => get("/organization/costs", { ...range, bucket_width: "1d", limit: 31, group_by: ["project_id", "line_item"], page }), "OpenAI costs");
      const costRows = rowsOf(costs);
      if (costRows.length) inputs.push({ label: "costs", format: openaiCostsMapper, rows: costRows });
      return { inputs, claudeCode: [] };
    },
  };
}

type AnthropicBucket = { starting_at: string; ending_at: string; results?: Record<string, unknown>[] };

type ClaudeCodeApiRecord = {
  date?: string;
  actor?: { type?: string; email_address?: string; api_key_name?: string };
  customer_type?: string | null;
  terminal_type?: string | null;
  is_remote?: boolean;
  core_metrics?: { num_sessions?: number; lines_of_code?: { added?: number; removed?: number }; commits_by_claude_code?: number; pull_requests_by_claude_code?: number };
  model_breakdown?: { model?: string; tokens?: { input?: number; output?: number; cache_read?: number; cache_creation?: number }; estimated_cost?: { amount?: number | string } }[];
};

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function anthropicClient(options: { baseUrl: string; key: string; policy: RetryPolicy; stats: RequestStats }): ProviderClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const headers = { "x-api-key": options.key, "anthropic-version": "2023-06-01" };
  const get = (path: string, params: Record<string, string | number | readonly string[] | null>) =>
    getJson(`${base}${path}?${query(params)}`, headers, options.policy, options.stats);

  return {
    async check() {
      await get("/v1/organizations/usage_report/messages", { starting_at: new Date(Date.now() - DAY_MS).toISOString(), bucket_width: "1d", limit: 1 });
    },
    async fetchWindow(from, to) {
      const range = { starting_at: from.toISOString(), ending_at: to.toISOString() };
      const usage = (await paginate(
        (page) =>
          get("/v1/organizations/usage_report/messages", {
            ...range,
            bucket_width: "1d",
            limit: 31,
            "group_by[]": ["api_key_id", "workspace_id", "model", "service_tier", "context_window", "inference_geo"],
            page,
          }),
        "Anthropic usage report",
      )) as AnthropicBucket[];
      const usageRows = usage.flatMap((bucket) =>
        (bucket.results ?? []).map((result): Row => {
          const creation = (result.cache_creation ?? {}) as Record<string, unknown>;
          const tools = (result.server_tool_use ?? {}) as Record<string, unknown>;
          return {
            starting_at: bucket.starting_at,
            ending_at: bucket.ending_at,
            api_key_id: cell(result.api_key_id),
            workspace_id: cell(result.workspace_id),
            model: cell(result.model),
            service_tier: cell(result.service_tier),
            context_window: cell(result.context_window),
            inference_geo: cell(result.inference_geo),
            speed: cell(result.speed),
            uncached_input_tokens: cell(result.uncached_input_tokens),
            cache_creation_5m_input_tokens: cell(creation.ephemeral_5m_input_tokens),
            cache_creation_1h_input_tokens: cell(creation.ephemeral_1h_input_tokens),
            cache_read_input_tokens: cell(result.cache_read_input_tokens),
            output_tokens: cell(result.output_tokens),
            web_search_requests: cell(tools.web_search_requests),
          };
        }),
      );
      const costs = (await paginate(
        (page) => get("/v1/organizations/cost_report", { ...range, bucket_width: "1d", limit: 31, "group_by[]": ["workspace_id", "description"], page }),
        "Anthropic cost report",
      )) as AnthropicBucket[];
      const costRows = costs.flatMap((bucket) =>
        (bucket.results ?? []).map((result): Row => ({
          starting_at: bucket.starting_at,
          ending_at: bucket.ending_at,
          workspace_id: cell(result.workspace_id),
          description: cell(result.description),
          cost_type: cell(result.cost_type),
          model: cell(result.model),
          token_type: cell(result.token_type),
          service_tier: cell(result.service_tier),
          context_window: cell(result.context_window),
          inference_geo: cell(result.inference_geo),
          amount: decimalText(result.amount),
          currency: cell(result.currency),
        })),
      );
      // The Claude Code report takes one day per call.
      const claudeCode: ClaudeCodeRecord[] = [];
      for (let day = from.getTime(); day < to.getTime(); day += DAY_MS) {
        const records = (await paginate(
          (page) => get("/v1/organizations/usage_report/claude_code", { starting_at: isoDay(new Date(day)), limit: 1000, page }),
          "Anthropic Claude Code report",
        )) as ClaudeCodeApiRecord[];
        for (const record of records) claudeCode.push(...claudeCodeRecords(record, isoDay(new Date(day))));
      }
      const inputs: WindowData["inputs"] = [];
      if (usageRows.length) inputs.push({ label: "usage_report/messages", format: anthropicUsageApiMapper, rows: usageRows });
      if (costRows.length) inputs.push({ label: "cost_report", format: anthropicCostApiMapper, rows: costRows });
      return { inputs, claudeCode };
    },
  };
}

/** One record per model of an actor's day; the activity metrics go on the first (they are the actor's, not a model's). */
function claudeCodeRecords(record: ClaudeCodeApiRecord, fallbackDay: string): ClaudeCodeRecord[] {
  const actor = record.actor?.email_address ?? record.actor?.api_key_name ?? "unknown";
  const metrics = record.core_metrics ?? {};
  const base = {
    day: record.date?.slice(0, 10) ?? fallbackDay,
    actor,
    actorType: record.actor?.type ?? "unknown",
    customerType: record.customer_type ?? null,
    terminalType: record.terminal_type ?? "",
    isRemote: record.is_remote === true,
  };
  const activity = {
    sessions: metrics.num_sessions ?? 0,
    linesAdded: metrics.lines_of_code?.added ?? 0,
    linesRemoved: metrics.lines_of_code?.removed ?? 0,
    commits: metrics.commits_by_claude_code ?? 0,
    pullRequests: metrics.pull_requests_by_claude_code ?? 0,
  };
  const none = { sessions: 0, linesAdded: 0, linesRemoved: 0, commits: 0, pullRequests: 0 };
  const models = record.model_breakdown ?? [];
  if (models.length === 0) return [{ ...base, ...activity, model: "", inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimatedCost: "0" }];
  return models.map((entry, index) => ({
    ...base,
    ...(index === 0 ? activity : none),
    model: entry.model ?? "",
    inputTokens: entry.tokens?.input ?? 0,
    outputTokens: entry.tokens?.output ?? 0,
    cacheReadTokens: entry.tokens?.cache_read ?? 0,
    cacheWriteTokens: entry.tokens?.cache_creation ?? 0,
    // Cents in the report.
    estimatedCost: new Decimal(decimalText(entry.estimated_cost?.amount ?? 0) || "0").dividedBy(100).toFixed(),
  }));
}

export function providerClient(provider: ConnectionProvider, options: { baseUrl: string | null; key: string; policy: RetryPolicy; stats: RequestStats }): ProviderClient {
  const settings = { ...options, baseUrl: options.baseUrl ?? DEFAULT_BASE_URL[provider] };
  return provider === "openai" ? openaiClient(settings) : anthropicClient(settings);
}
