import { AsyncLocalStorage } from "node:async_hooks";
import "server-only";
import { cachedAnswer } from "@/lib/analytics/cache";
import Decimal from "decimal.js";
import type { Actor } from "@/lib/auth/actor";
import { grantOf } from "@/lib/permissions";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { PROVIDER_LABELS } from "@/lib/ingest/providers";
import { pool } from "@/lib/pg";
import {
  ExplorerQuerySchema,
  previousRange,
  RATIO_METRICS,
  type Dimension,
  type ExplorerQuery,
  type ExplorerResult,
  type ExplorerRow,
  type Metric,
} from "@/lib/analytics/schemas";

// The explorer's engine, which the overview, the explorer page, its CSV export and the API all use. It reads the
// daily rollups (daily_usage, or daily_usage_detail when project / API key / user are involved) and only reads
// the ledger facts for tag dimensions. One query per range returns every base sum per group and time bucket;
// metrics are derived from those sums here with decimal.js, so a total is always the sum of its rows (ratios are
// computed from the summed numerator and denominator). Money is converted to the organization's reporting
// currency at each day's rate; a missing rate is an error naming it.

type Source = ExplorerResult["source"];

const TOKEN_TYPES = [
  ["uncached_input", `"uncachedInputTokens"`, "Uncached input"],
  ["cache_read", `"cacheReadInputTokens"`, "Cache read"],
  ["cache_write_5m", `"cacheWrite5mInputTokens"`, "Cache write (5 min)"],
  ["cache_write_1h", `"cacheWrite1hInputTokens"`, "Cache write (1 h)"],
  ["output", `"outputTokens"`, "Output"],
] as const;

// The query benchmark (scripts/bench-query.ts) computes the same answers from the ledger facts alone, to measure
// what the rollups buy; nothing else sets this.
const factsOnly = new AsyncLocalStorage<true>();
/** Runs `work` with every explorer query answered from usage_record only (no rollup at all). Benchmarks only. */
export function fromFactsOnly<T>(work: () => Promise<T>): Promise<T> {
  return factsOnly.run(true, work);
}

export const factsOnlyActive = () => Boolean(factsOnly.getStore());

// Within one page's computation (the overview asks for twelve months of spend and of tokens: the same grouped
// sums, read twice), identical statements share one round trip. Nothing outlives the computation.
const sharedReads = new AsyncLocalStorage<Map<string, Promise<RawRow[]>>>();
/** Runs `work` with identical explorer statements inside it read once. */
export function sharingReads<T>(work: () => Promise<T>): Promise<T> {
  return sharedReads.run(new Map(), work);
}

function fetchRows(statement: Built): Promise<RawRow[]> {
  const shared = sharedReads.getStore();
  const read = () => pool.query<RawRow>(statement.sql, statement.values).then((result) => result.rows);
  if (!shared) return read();
  const key = JSON.stringify([statement.sql, statement.values]);
  let pending = shared.get(key);
  if (!pending) shared.set(key, (pending = read()));
  return pending;
}

function sourceFor(dimensions: readonly Dimension[]): Source {
  if (factsOnly.getStore()) return "ledger";
  if (dimensions.some((dimension) => dimension.startsWith("tag:"))) return "ledger";
  if (dimensions.some((dimension) => dimension === "project" || dimension === "api_key" || dimension === "provider_user")) return "detail";
  return "rollup";
}

/** A dimension's SQL expression (null for "none"); tag keys are bound as parameters. */
function expression(dimension: Dimension, source: Source, bind: (value: unknown) => string): string {
  const ledger = source === "ledger";
  const column = (rollupColumn: string, factColumn: string) => (ledger ? `t.${factColumn}` : `nullif(t.${rollupColumn}, '')`);
  switch (dimension) {
    case "team":
      return column(`"teamId"`, `"teamId"`);
    case "workflow":
      return column(`"workflowId"`, `"workflowId"`);
    case "model":
      return column("model", "model");
    case "provider":
      return "t.provider";
    case "service_tier":
      return column(`"serviceTier"`, `"serviceTier"`);
    case "project":
      return column("project", "project");
    case "api_key":
      return column(`"apiKey"`, `"apiKey"`);
    case "provider_user":
      return column(`"providerUser"`, `"providerUser"`);
    case "token_type":
      return "tt.kind";
    default:
      return `t.tags ->> ${bind(dimension.slice(4))}`;
  }
}

/** Who may see what: everything, or (managers) only the teams they manage and the teams below them. */
export function spendScope(actor: Actor): string[] | null {
  const grant = grantOf(actor.role, "spend:read");
  if (!grant) throw new AppError("forbidden", `Your role (${actor.role.toLowerCase()}) may not read spend.`);
  if (actor.tokenPermissions && !actor.tokenPermissions.has("spend:read")) throw new AppError("forbidden", "This API token has no scope that allows spend:read.");
  return grant === "all" ? null : [...actor.managedTeamIds];
}

type Sums = { billed: Decimal; estimated: Decimal; effective: Decimal; uncached: Decimal; read: Decimal; write: Decimal; output: Decimal; tokens: Decimal; requests: Decimal };

const zero = (): Sums => ({
  billed: new Decimal(0),
  estimated: new Decimal(0),
  effective: new Decimal(0),
  uncached: new Decimal(0),
  read: new Decimal(0),
  write: new Decimal(0),
  output: new Decimal(0),
  tokens: new Decimal(0),
  requests: new Decimal(0),
});

function add(into: Sums, from: Sums): void {
  for (const key of Object.keys(into) as (keyof Sums)[]) into[key] = into[key].plus(from[key]);
}

export function metricOf(sums: Sums, metric: Metric): Decimal | null {
  switch (metric) {
    case "effective":
      return sums.effective;
    case "billed":
      return sums.billed;
    case "estimated":
      return sums.estimated;
    case "tokens":
      return sums.tokens;
    case "uncached_input_tokens":
      return sums.uncached;
    case "cache_read_tokens":
      return sums.read;
    case "cache_write_tokens":
      return sums.write;
    case "output_tokens":
      return sums.output;
    case "requests":
      return sums.requests;
    case "cost_per_1k_requests":
      return sums.requests.isZero() ? null : sums.effective.dividedBy(sums.requests).times(1000);
    case "cost_per_1m_tokens":
      return sums.tokens.isZero() ? null : sums.effective.dividedBy(sums.tokens).times(1_000_000);
  }
}

const text = (value: Decimal | null, metric: Metric) => (value === null ? null : RATIO_METRICS.has(metric) ? value.toDecimalPlaces(6).toFixed() : value.toFixed());

type RawRow = Record<string, string | null>;

type Built = { sql: string; values: unknown[] };

/** SQL for the rate of row `t`'s currency to the reporting currency on its day (1 for the same currency). */
export function rateToReporting(currencyParam: string, dayColumn: string): string {
  return `CASE WHEN t.currency = ${currencyParam} THEN 1 ELSE (SELECT r.rate FROM exchange_rate r WHERE r."orgId" = t."orgId" AND r."fromCurrency" = t.currency
    AND r."toCurrency" = ${currencyParam} AND r.day <= ${dayColumn} ORDER BY r.day DESC LIMIT 1) END`;
}

/** The grouped sums of one range. */
function build(query: ExplorerQuery, range: { from: string; to: string }, options: { source: Source; currency: string; scope: string[] | null; withBuckets: boolean }): Built {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const orgParam = bind(null); // filled by the caller: $1
  const { source } = options;
  const table = source === "ledger" ? "usage_record" : source === "detail" ? "daily_usage_detail" : "daily_usage";
  const dayColumn = source === "ledger" ? `t."usageDate"` : "t.day";
  const from = bind(range.from);
  const to = bind(range.to);
  const tokenSplit = query.groupBy.includes("token_type");
  // Only money needs the currency (a token split has none): an unused parameter would be an error.
  const currency = tokenSplit ? "" : bind(options.currency);
  const where = [`t."orgId" = ${orgParam}`, `${dayColumn} BETWEEN ${from}::date AND ${to}::date`];
  if (options.scope) where.push(`t."teamId" = ANY(${bind(options.scope)}::text[])`);
  for (const [dimension, wanted] of Object.entries(query.filters) as [Dimension, string[]][]) {
    if (wanted.length === 0) continue;
    const column = expression(dimension, source, bind);
    const present = wanted.filter((value) => value !== "");
    const none = wanted.includes("");
    where.push(`(${column} = ANY(${bind(present)}::text[])${none ? ` OR ${column} IS NULL` : ""})`);
  }
  const groups = query.groupBy.map((dimension, index) => `${expression(dimension, source, bind)} AS g${index}`);
  const bucket = { day: `to_char(${dayColumn}, 'YYYY-MM-DD')`, week: `to_char(date_trunc('week', ${dayColumn}), 'YYYY-MM-DD')`, month: `to_char(date_trunc('month', ${dayColumn}), 'YYYY-MM-DD')` }[
    query.granularity
  ];
  // The reporting currency: 1 for it, else the newest rate on or before the day (missing rates are checked first).
  const rate = rateToReporting(currency, dayColumn);
  const ledger = source === "ledger";
  const billedColumn = ledger ? `coalesce(t."billedCost", 0)` : `t."billedCost"`;
  const estimatedColumn = ledger ? `coalesce(t."estimatedCost", 0)` : `t."estimatedCost"`;
  // Effective: what was billed, and estimates only where the provider billed nothing that day (lib/spend).
  const effectiveColumn = ledger ? `CASE WHEN billed_day IS NULL THEN coalesce(t."billedCost", t."estimatedCost", 0) ELSE coalesce(t."billedCost", 0) END` : `CASE WHEN billed_day IS NULL THEN t."estimatedCost" ELSE t."billedCost" END`;
  const measures = tokenSplit
    ? `0 AS billed, 0 AS estimated, 0 AS effective, 0 AS uncached, 0 AS read, 0 AS write, 0 AS output, sum(tt.count)::text AS tokens, 0 AS requests`
    : `sum(${billedColumn} * ${rate})::text AS billed, sum(${estimatedColumn} * ${rate})::text AS estimated, sum(${effectiveColumn} * ${rate})::text AS effective,
       sum(t."uncachedInputTokens")::text AS uncached, sum(t."cacheReadInputTokens")::text AS read,
       sum(t."cacheWrite5mInputTokens" + t."cacheWrite1hInputTokens")::text AS write, sum(t."outputTokens")::text AS output,
       sum(t."uncachedInputTokens" + t."cacheReadInputTokens" + t."cacheWrite5mInputTokens" + t."cacheWrite1hInputTokens" + t."outputTokens")::text AS tokens,
       sum(t.requests)::text AS requests`;
  const joins = [
    factsOnly.getStore()
      ? `LEFT JOIN (SELECT DISTINCT "usageDate" AS billed_day, provider AS billed_provider FROM usage_record
       WHERE "orgId" = ${orgParam} AND "usageDate" BETWEEN ${from}::date AND ${to}::date AND "billedCost" IS NOT NULL) billed
       ON billed_day = ${dayColumn} AND billed_provider = t.provider`
      : `LEFT JOIN (SELECT DISTINCT day AS billed_day, provider AS billed_provider FROM daily_usage
       WHERE "orgId" = ${orgParam} AND day BETWEEN ${from}::date AND ${to}::date AND "billedRecords" > 0) billed
       ON billed_day = ${dayColumn} AND billed_provider = t.provider`,
    tokenSplit ? `CROSS JOIN LATERAL (VALUES ${TOKEN_TYPES.map(([kind, column]) => `('${kind}', t.${column})`).join(", ")}) AS tt(kind, count)` : "",
  ];
  const keys = [...query.groupBy.map((_, index) => `g${index}`), ...(options.withBuckets ? ["bucket"] : [])];
  const sql = `SELECT ${[...groups, ...(options.withBuckets ? [`${bucket} AS bucket`] : [])].join(", ")}${groups.length || options.withBuckets ? "," : ""} ${measures}
    FROM ${table} t ${joins.join(" ")}
    WHERE ${where.join(" AND ")}
    ${keys.length ? `GROUP BY ${keys.join(", ")}` : ""}`;
  return { sql, values };
}

export async function assertRates(orgId: string, currency: string, source: Source, ranges: { from: string; to: string }[]) {
  const table = source === "ledger" ? "usage_record" : "daily_usage";
  const day = source === "ledger" ? `"usageDate"` : "day";
  for (const range of ranges) {
    const rows = (await fetchRows({
      sql: `SELECT currency, to_char(min(${day}), 'YYYY-MM-DD') AS first FROM ${table} t
       WHERE "orgId" = $1 AND ${day} BETWEEN $2::date AND $3::date AND currency <> $4
         AND NOT EXISTS (SELECT 1 FROM exchange_rate r WHERE r."orgId" = $1 AND r."fromCurrency" = t.currency AND r."toCurrency" = $4 AND r.day <= t.${day})
       GROUP BY currency`,
      values: [orgId, range.from, range.to, currency],
    })) as { currency: string; first: string }[];
    if (rows.length) {
      throw new AppError(
        "missing_exchange_rate",
        `No exchange rate to ${currency} for ${rows.map((row) => `${row.currency} from ${row.first}`).join(", ")}. An admin adds it under Settings → Exchange rates.`,
        { missing: rows.map((row) => ({ currency: row.currency, firstDay: row.first })) },
      );
    }
  }
}

function sumsOf(row: RawRow): Sums {
  const decimal = (value: string | null | undefined) => new Decimal(value ?? 0);
  return {
    billed: decimal(row.billed),
    estimated: decimal(row.estimated),
    effective: decimal(row.effective),
    uncached: decimal(row.uncached),
    read: decimal(row.read),
    write: decimal(row.write),
    output: decimal(row.output),
    tokens: decimal(row.tokens),
    requests: decimal(row.requests),
  };
}

const MAX_ROWS = 5000;

export async function explore(actor: Actor, input: unknown): Promise<ExplorerResult> {
  const scope = spendScope(actor);
  return runExplore(actor.org, scope, parseInput(ExplorerQuerySchema, input));
}

/**
 * The engine without the caller: for reports that must see the whole organization to compute what they then show
 * a manager (a chargeback split in proportion to every team's spend). Callers authorize and filter what they return.
 */
export async function runExplore(org: { id: string; currency: string }, scope: string[] | null, query: ExplorerQuery): Promise<ExplorerResult> {
  const key = JSON.stringify({ currency: org.currency, scope: scope ? [...scope].sort() : null, query });
  return cachedAnswer(org.id, key, () => computeExplore(org, scope, query), { bypass: factsOnlyActive() });
}

async function computeExplore(org: { id: string; currency: string }, scope: string[] | null, query: ExplorerQuery): Promise<ExplorerResult> {
  const dimensions = [...query.groupBy, ...(Object.keys(query.filters) as Dimension[])];
  const source = sourceFor(dimensions);
  const currency = org.currency;
  const previous = query.compare ? previousRange(query.from, query.to) : null;
  await assertRates(org.id, currency, source, previous ? [query, previous] : [query]);

  const current = build(query, query, { source, currency, scope, withBuckets: true });
  current.values[0] = org.id;
  const before = previous ? build(query, previous, { source, currency, scope, withBuckets: false }) : null;
  if (before) before.values[0] = org.id;
  const [rows, previousRows] = await Promise.all([
    fetchRows(current),
    before ? fetchRows(before) : Promise.resolve([] as RawRow[]),
  ]);

  const keyOf = (row: RawRow) => query.groupBy.map((_, index) => row[`g${index}`] ?? "\u0000").join("\u0001");
  const groups = new Map<string, { values: (string | null)[]; sums: Sums; buckets: Map<string, Sums> }>();
  for (const row of rows) {
    const key = keyOf(row);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { values: query.groupBy.map((_, index) => row[`g${index}`] ?? null), sums: zero(), buckets: new Map() }));
    const sums = sumsOf(row);
    add(group.sums, sums);
    const bucket = row.bucket!;
    const existing = group.buckets.get(bucket);
    if (existing) add(existing, sums);
    else group.buckets.set(bucket, sums);
  }
  const previousSums = new Map(previousRows.map((row) => [keyOf(row), sumsOf(row)]));

  const labels = await labelsFor(org.id, query.groupBy, [...groups.values()].map((group) => group.values));
  const change = (value: Decimal | null, was: Decimal | null) => (value === null || was === null || was.isZero() ? null : value.minus(was).dividedBy(was).toDecimalPlaces(6).toFixed());
  const ordered = [...groups.entries()]
    .map(([key, group]) => ({ key, group, value: metricOf(group.sums, query.metric) }))
    .sort((a, b) => (b.value ?? new Decimal(-Infinity)).comparedTo(a.value ?? new Decimal(-Infinity)) || (a.key < b.key ? -1 : 1));
  const truncated = ordered.length > MAX_ROWS;
  const rowsOut: ExplorerRow[] = ordered.slice(0, MAX_ROWS).map(({ key, group, value }) => {
    const was = previous ? metricOf(previousSums.get(key) ?? zero(), query.metric) : null;
    return {
      key,
      group: group.values.map((value, index) => ({ value, label: labels[index]!(value) })),
      value: text(value, query.metric) ?? "0",
      previous: previous ? text(was, query.metric) : null,
      change: previous ? change(value, was) : null,
    };
  });

  const totalSums = zero();
  for (const group of groups.values()) add(totalSums, group.sums);
  const previousTotal = zero();
  for (const sums of previousSums.values()) add(previousTotal, sums);
  const totalValue = metricOf(totalSums, query.metric);
  const totalPrevious = previous ? metricOf(previousTotal, query.metric) : null;

  const bucketStarts = [...new Set(rows.map((row) => row.bucket!))].sort();
  const buckets = bucketStarts.map((start) => ({
    start,
    values: Object.fromEntries(
      rowsOut.flatMap((row) => {
        const sums = groups.get(row.key)!.buckets.get(start);
        const value = sums ? text(metricOf(sums, query.metric), query.metric) : null;
        return value === null ? [] : [[row.key, value]];
      }),
    ),
  }));

  return {
    query,
    previousRange: previous,
    source,
    currency,
    scopedToTeams: scope,
    rows: rowsOut,
    total: { value: text(totalValue, query.metric) ?? "0", previous: previous ? text(totalPrevious, query.metric) : null, change: previous ? change(totalValue, totalPrevious) : null },
    buckets,
    truncated,
  };
}

/** Readable names per dimension: team and workflow names, provider names, "Unattributed" / "(none)". */
async function labelsFor(orgId: string, dimensions: readonly Dimension[], values: (string | null)[][]): Promise<((value: string | null) => string)[]> {
  const ids = (index: number) => [...new Set(values.map((group) => group[index]).filter((value): value is string => value !== null))];
  return Promise.all(
    dimensions.map(async (dimension, index) => {
      if (dimension === "team" || dimension === "workflow") {
        const found =
          dimension === "team"
            ? await db.team.findMany({ where: { orgId, id: { in: ids(index) } }, select: { id: true, name: true } })
            : await db.workflow.findMany({ where: { orgId, id: { in: ids(index) } }, select: { id: true, name: true } });
        const names = new Map(found.map((entry) => [entry.id, entry.name]));
        return (value: string | null) => (value === null ? "Unattributed" : names.get(value) ?? value);
      }
      if (dimension === "provider") return (value: string | null) => (value === null ? "(none)" : PROVIDER_LABELS[value] ?? value);
      if (dimension === "token_type") return (value: string | null) => TOKEN_TYPES.find(([kind]) => kind === value)?.[2] ?? value ?? "(none)";
      return (value: string | null) => value ?? "(none)";
    }),
  );
}
