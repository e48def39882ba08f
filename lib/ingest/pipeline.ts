import type { Readable } from "node:stream";
import Decimal from "decimal.js";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { CsvInputError, openCsv, type CsvSourceOptions } from "@/lib/ingest/csv-source";
import { canonicalHeaders, detachString } from "@/lib/ingest/fields";
import {
  addToRollups,
  COPY_STAGING_SQL,
  createStaging,
  DIRECT_COPY_SQL,
  lockOrganizationLedger,
  rebuildRollups,
  upsertStaging,
  type RollupDelta,
  type Source,
} from "@/lib/ingest/ledger-sql";
import { naturalKey } from "@/lib/ingest/natural-key";
import { detectFormat, type SavedMapping } from "@/lib/ingest/registry";
import type { FormatMapper, NormalizedUsage, Row, RowIssue } from "@/lib/ingest/types";
import { fromScaled, toScaled } from "@/lib/money";
import type { PriceInput, PriceOutcome } from "@/lib/pricing/pricer";
import type { Attribution } from "@/lib/attribution/matcher";
import { createUsageDateResolver } from "@/lib/ingest/usage-date";

const ZERO_BUCKETS = { uncachedInputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
/** The ledger's numeric(32,14). */
const LEDGER_SCALE = 14;
/** A decimal string as a BigInt × 10^14, rounded as Postgres rounds it into numeric(32,14) (half away from zero). */
const ledgerScaled = (value: string) => toScaled(new Decimal(value).toDecimalPlaces(LEDGER_SCALE, Decimal.ROUND_HALF_UP).toFixed(), LEDGER_SCALE);

// One file into the ledger, streaming: parse → detect the format → map each row to NormalizedUsage → validate →
// write, all in ONE transaction: a file imports completely or not at all; invalid rows reject it (strict) or are
// skipped and reported (skip-invalid).
//
// Two ways to write, with the same result:
// - direct: records are COPYed straight into usage_record and their sums added to the rollups. Only right when
//   every record is new, which is the common case (a new month's export); it costs one COPY.
// - staged: records are COPYed into a temporary table, then one set-based upsert on natural keys writes them and
//   the affected days' rollups are recomputed from the facts. Right for re-imports and overlapping exports.
// A file starts direct unless its first record already exists; if a later record collides (a unique violation),
// the direct attempt is rolled back to a savepoint and the file is read again, staged.

export type IngestMode = "strict" | "skip-invalid";

export type RowError = { rowNumber: number | null; column: string | null; value: string | null; reason: string };

/** Per currency: cost sums as decimal strings, records, and how many records stated a cost (0: a usage-only file). */
export type CurrencyTotals = Record<string, { billed: string; estimated: string; records: number; billedRecords: number }>;

export type IngestProgress = { bytesRead: number; rowsRead: number; rowsImported: number; rowsRejected: number; rowsSkipped: number };

export type IngestResult = {
  status: "completed" | "failed";
  format: string | null;
  formatLabel: string | null;
  savedMapping: string | null;
  message: string | null;
  rowsRead: number;
  rowsImported: number;
  recordsWritten: number;
  rowsSkipped: number;
  rowsRejected: number;
  rowsNotAi: number;
  rowsEmpty: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  totals: CurrencyTotals;
  errors: RowError[];
  errorCount: number;
  /** Records the catalog could not price, and their tokens. */
  unpricedRecords: number;
  unpricedTokens: number;
  /** Seconds spent streaming (read, map, COPY to staging), in the upsert and in the rollups: for the benchmark. */
  timings: { stream: number; upsert: number; rollups: number };
};

export type IngestOptions = {
  pool: Pool;
  orgId: string;
  timeZone: string;
  /** Opens the file from its start; called again if the direct attempt has to give way to the staged one. */
  openInput?: () => Readable;
  /**
   * Instead of a file: rows already read from an API (keys are column names), given to `format`'s mapper as a
   * file's rows would be. Called again, like openInput, if the direct attempt gives way.
   */
  openRows?: () => Iterable<Row>;
  /** The format to read the input as, instead of detecting it from the header. */
  format?: FormatMapper;
  /** Sees every raw chunk of the final pass (to hash the file while it is read). */
  onChunk?: (chunk: Buffer, pass: "direct" | "staged") => void;
  /** Decompression-bomb limits for gzip input (lib/ingest/csv-source.ts has the defaults; tests lower them). */
  decompression?: Pick<CsvSourceOptions, "maxDecompressedBytes" | "maxCompressionRatio" | "ratioFloorBytes">;
  mode: IngestMode;
  source: Source;
  savedMappings?: readonly SavedMapping[];
  /** The API's `mapping=<name>`: use this saved mapping instead of detecting. */
  mapping?: string | null;
  teams?: ReadonlyMap<string, string>;
  workflows?: ReadonlyMap<string, string>;
  now?: Date;
  onProgress?: (progress: IngestProgress) => void;
  /** Attribution rules (lib/attribution/matcher.ts): team and workflow for records whose source named none. */
  attribute?: (record: NormalizedUsage) => Attribution;
  /** Prices records from the catalog (lib/pricing/pricer.ts); without it, estimatedCost stays as the source gave it. */
  price?: (input: PriceInput) => PriceOutcome;
  /** Pending rollup groups before they are written (tests lower it to exercise the flush). */
  rollupFlushEvery?: number;
  /** Runs inside the transaction just before COMMIT (e.g. marking the upload completed). */
  beforeCommit?: (client: PoolClient, result: IngestResult) => Promise<void>;
};

/**
 * Model, project, API key, user and service are keys of the rollups: Postgres refuses an index entry over ~2.7 KB,
 * which would fail the whole import with no row named. Real names are far shorter.
 */
const MAX_DIMENSION_CHARACTERS = 500;

/** The first rollup dimension over the limit, or null (no array per record: this runs on every one). */
function overlongDimension(record: NormalizedUsage): string | null {
  const over = (value: string | null) => value !== null && value.length > MAX_DIMENSION_CHARACTERS;
  if (over(record.modelRaw)) return record.modelRaw;
  if (over(record.model)) return record.model;
  if (over(record.project)) return record.project;
  if (over(record.apiKey)) return record.apiKey;
  if (over(record.providerUser)) return record.providerUser;
  return over(record.service) ? record.service : null;
}

/** Stored errors per file; beyond it only the count grows (the report says so). */
export const MAX_STORED_ERRORS = 100_000;
/** Tolerated clock skew and time zones before a start date counts as "in the future". */
const FUTURE_TOLERANCE_MS = 36 * 60 * 60 * 1000;
const COPY_BATCH_BYTES = 64 * 1024;
// Each flush ends the running COPY (one connection), so flushes stay rare; 50,000 pending groups are ~30 MB.
const MAX_PENDING_ROLLUPS = 50_000;

// Periods repeat (every row of an hourly bucket starts at the same instant): format each instant once.
const isoCache = new Map<number, string>();
function isoOf(date: Date): string {
  const time = date.getTime();
  let iso = isoCache.get(time);
  if (iso === undefined) {
    if (isoCache.size > 5000) isoCache.clear();
    iso = date.toISOString();
    isoCache.set(time, iso);
  }
  return iso;
}

function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  // COPY text format: backslash, tab and line breaks are escaped; everything else is literal.
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : text;
}

/**
 * Builds row objects keyed by the header. A compiled literal gives every row the same hidden class, which makes
 * the mappers' lookups several times faster than a dictionary filled key by key; the header names are embedded
 * only as JSON string literals, so no header can inject code.
 */
export function rowFactory(headers: readonly string[]): (cells: readonly string[]) => Row {
  const unique = headers.filter((header, index) => headers.indexOf(header) === index && header !== "__proto__");
  const body = `return {${unique.map((header) => `${JSON.stringify(header)}: cells[${headers.indexOf(header)}]`).join(", ")}};`;
  return new Function("cells", body) as (cells: readonly string[]) => Row;
}

function emptyResult(): IngestResult {
  return {
    status: "failed",
    format: null,
    formatLabel: null,
    savedMapping: null,
    message: null,
    rowsRead: 0,
    rowsImported: 0,
    recordsWritten: 0,
    rowsSkipped: 0,
    rowsRejected: 0,
    rowsNotAi: 0,
    rowsEmpty: 0,
    periodStart: null,
    periodEnd: null,
    totals: {},
    errors: [],
    errorCount: 0,
    unpricedRecords: 0,
    unpricedTokens: 0,
    timings: { stream: 0, upsert: 0, rollups: 0 },
  };
}

type PassContext = IngestOptions & { client: PoolClient; now: Date; workflowOwners: ReadonlyMap<string, string> };

type PassOutcome = { kind: "done"; result: IngestResult } | { kind: "restart" };

class RestartStaged extends Error {}

export async function ingestCsv(options: IngestOptions): Promise<IngestResult> {
  const client = await options.pool.connect();
  let inTransaction = false;
  try {
    await client.query("BEGIN");
    inTransaction = true;
    await lockOrganizationLedger(client, options.orgId);
    const result = await ingestInTransaction(client, options);
    if (result.status !== "completed") {
      await client.query("ROLLBACK");
      inTransaction = false;
      return result;
    }
    await options.beforeCommit?.(client, result);
    await client.query("COMMIT");
    inTransaction = false;
    return result;
  } finally {
    if (inTransaction) await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}

/** Each workflow's owning team (workflows without one are left out). */
export async function loadWorkflowOwners(client: Pick<PoolClient, "query">, orgId: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; teamId: string }>(`SELECT id, "teamId" FROM workflow WHERE "orgId" = $1 AND "teamId" IS NOT NULL`, [orgId]);
  return new Map(rows.map((row) => [row.id, row.teamId]));
}

/**
 * One input into the ledger inside the caller's transaction (which holds the organization's ledger lock): a sync
 * writes every endpoint of a window, and its progress, in one transaction. A result that is not "completed" has
 * written nothing the caller should keep: roll back.
 */
export async function ingestInTransaction(client: PoolClient, options: IngestOptions): Promise<IngestResult> {
  const context: PassContext = { ...options, client, now: options.now ?? new Date(), workflowOwners: await loadWorkflowOwners(client, options.orgId) };
  await client.query("SAVEPOINT direct_write");
  let outcome = await runPass(context, "direct");
  if (outcome.kind === "restart") {
    await client.query("ROLLBACK TO SAVEPOINT direct_write");
    outcome = await runPass(context, "staged");
  }
  if (outcome.kind !== "done") throw new Error("the staged pass cannot restart");
  // A failed pass may have left the transaction aborted; the caller rolls it back.
  if (outcome.result.status === "completed") await client.query("RELEASE SAVEPOINT direct_write");
  return outcome.result;
}

/** Rows read from an API as a CSV source would give them: a header (every key, in first-seen order) and cells. */
function rowsAsCsv(rows: Iterable<Row>): { headers: string[]; batches: AsyncIterable<string[][]> } {
  const list = [...rows];
  const headers: string[] = [];
  const seen = new Set<string>();
  for (const row of list) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      headers.push(key);
    }
  }
  async function* batches() {
    for (let start = 0; start < list.length; start += 1000) {
      yield list.slice(start, start + 1000).map((row) => headers.map((header) => row[header] ?? ""));
    }
  }
  return { headers, batches: batches() };
}

async function runPass(context: PassContext, mode: "direct" | "staged"): Promise<PassOutcome> {
  const { client, now } = context;
  const result = emptyResult();
  let bytesRead = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const time = Date.now();
    if (!context.onProgress || (!force && time - lastProgress < 250)) return;
    lastProgress = time;
    context.onProgress({ bytesRead, rowsRead: result.rowsRead, rowsImported: result.rowsImported, rowsRejected: result.rowsRejected, rowsSkipped: result.rowsSkipped });
  };
  const done = (message?: string): PassOutcome => ({ kind: "done", result: message === undefined ? result : { ...result, status: "failed", message } });

  let csv: { headers: readonly string[]; batches: AsyncIterable<string[][]> };
  const input: Readable | null = context.openRows ? null : context.openInput!();
  if (context.openRows) csv = rowsAsCsv(context.openRows());
  else {
    try {
      csv = await openCsv(input!, { ...context.decompression, onBytes: (bytes) => (bytesRead = bytes), onChunk: context.onChunk ? (chunk) => context.onChunk!(chunk, mode) : undefined });
    } catch (error) {
      input!.destroy();
      if (error instanceof CsvInputError) return done(error.message);
      throw error;
    }
  }
  let mapper: FormatMapper;
  if (context.format) mapper = context.format;
  else {
    const detection = detectFormat(csv.headers, context.savedMappings ?? [], context.mapping);
    if (!detection.ok) {
      input?.destroy();
      return done(detection.message);
    }
    mapper = detection.mapper;
    result.savedMapping = detection.savedMapping;
  }
  result.format = mapper.id;
  result.formatLabel = mapper.label;
  const headers = canonicalHeaders(csv.headers, mapper.columns);
  const makeRow = rowFactory(headers);
  const usageDate = createUsageDateResolver(context.timeZone);
  // Estimates are summed as BigInts of their value × 10^14 (the ledger's scale): exact, and cheap enough for a
  // million records; billed costs keep decimal.js (sources may state more decimal places).
  const totals = new Map<string, { billed: Decimal; estimated: bigint; records: number; billedRecords: number }>();
  const days = new Set<string>();
  type PendingRollup = RollupDelta & { billedSum: Decimal; estimatedSum: bigint; effectiveBilledSum: Decimal; effectiveEstimatedSum: bigint; listSum: bigint };
  // Two levels: the dashboard dimensions, then project / API key / user within them (daily_usage_detail). Short
  // keys per level cost less than one long key per record.
  const rollups = new Map<string, Map<string, PendingRollup>>();
  let pendingRollups = 0;
  const orgCell = copyValue(context.orgId);
  const sourceCells = [context.source.kind, copyValue(context.source.uploadId), copyValue(context.source.connectionId), copyValue(context.source.ref)].join("\t");

  const addError = (rowNumber: number | null, issue: RowIssue) => {
    result.errorCount++;
    if (result.errors.length < MAX_STORED_ERRORS) result.errors.push({ rowNumber, ...issue });
  };

  if (mode === "staged") await createStaging(client);
  // The COPY starts with the first record: the direct pass must first ask (on this same connection, which a
  // running COPY would block) whether that record already exists.
  let copy: ReturnType<typeof copyFrom> | null = null;
  let copyError: Error | null = null;
  let copyDone: Promise<void> = Promise.resolve();
  const startCopy = () => {
    const stream = client.query(copyFrom(mode === "staged" ? COPY_STAGING_SQL : DIRECT_COPY_SQL));
    copyDone = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", (error) => {
        copyError = error;
        reject(error);
      });
    });
    copyDone.catch(() => {});
    return stream;
  };
  let batch = "";
  const flush = async () => {
    if (copyError) throw copyError;
    if (!batch) return;
    copy ??= startCopy();
    const chunk = batch;
    batch = "";
    if (!copy.write(chunk)) {
      await new Promise<void>((resolve) => {
        copy!.once("drain", resolve);
        copyDone.catch(() => resolve());
      });
    }
    if (copyError) throw copyError;
  };

  /** Ends the running COPY (if any), so the connection is free, and adds the pending rollup sums. */
  const flushRollups = async () => {
    if (pendingRollups === 0) return;
    await flush();
    const running = copy as ReturnType<typeof copyFrom> | null;
    if (running) {
      running.end();
      await copyDone;
      copy = null;
    }
    await addToRollups(
      client,
      context.orgId,
      [...rollups.values()].flatMap((group) => [...group.values()]).map(({ billedSum, estimatedSum, effectiveBilledSum, effectiveEstimatedSum, listSum, ...delta }) => ({
        ...delta,
        billed: billedSum.toFixed(),
        estimated: fromScaled(estimatedSum, LEDGER_SCALE),
        effective: effectiveBilledSum.plus(fromScaled(effectiveEstimatedSum, LEDGER_SCALE)).toFixed(),
        list: fromScaled(listSum, LEDGER_SCALE),
      })),
    );
    rollups.clear();
    pendingRollups = 0;
  };

  const priceInput: PriceInput = {
    provider: "",
    model: null,
    modelRaw: null,
    serviceTier: null,
    contextTier: null,
    tokens: ZERO_BUCKETS,
    otherUnits: null,
    otherUnit: null,
    billedCost: null,
    periodStart: new Date(0),
    currency: "USD",
  };
  let rowNumber = 0;
  let rejecting = false;
  let checkedFirstKey = mode === "staged";
  const streamStarted = performance.now();
  try {
    for await (const batchOfRows of csv.batches) for (const cells of batchOfRows) {
      rowNumber++;
      result.rowsRead++;
      if (cells.length !== headers.length) {
        addError(rowNumber, { column: null, value: null, reason: `has ${cells.length} columns; the header has ${headers.length}` });
        if (context.mode === "strict") {
          result.rowsRejected++;
          rejecting = true;
        } else result.rowsSkipped++;
        progress();
        continue;
      }
      const outcome = mapper.map(makeRow(cells), { rowNumber, now });
      let issues: RowIssue[] = [];
      let records: NormalizedUsage[] = [];
      if (outcome.kind === "invalid") issues = outcome.issues;
      else if (outcome.kind === "skip") {
        if (outcome.reason === "not_ai") result.rowsNotAi++;
        else result.rowsEmpty++;
      } else {
        records = outcome.records;
        for (const record of records) {
          if (record.periodStart.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
            issues.push({ column: mapper.periodColumn ?? null, value: record.periodStart.toISOString(), reason: "is in the future" });
          }
          if (record.teamName && !context.teams?.has(record.teamName.toLowerCase())) {
            issues.push({ column: null, value: record.teamName, reason: "names no team of this organization" });
          }
          if (record.workflowName && !context.workflows?.has(record.workflowName.toLowerCase())) {
            issues.push({ column: null, value: record.workflowName, reason: "names no workflow of this organization" });
          }
          const long = overlongDimension(record);
          if (long !== null) {
            const index = cells.findIndex((cell) => cell.length > MAX_DIMENSION_CHARACTERS && cell.includes(long.slice(0, 100)));
            issues.push({ column: index >= 0 ? csv.headers[index]! : null, value: `${long.slice(0, 100)}…`, reason: `is longer than ${MAX_DIMENSION_CHARACTERS} characters` });
          }
        }
      }
      if (issues.length > 0) {
        for (const issue of issues) addError(rowNumber, issue);
        if (context.mode === "strict") {
          result.rowsRejected++;
          rejecting = true;
        } else result.rowsSkipped++;
        progress();
        continue;
      }
      if (records.length === 0) continue;
      result.rowsImported++;
      // In strict mode one bad row dooms the file: keep reading to report every problem, but stop writing.
      if (rejecting) continue;
      for (const record of records) {
        const key = naturalKey(record);
        // Every record with tokens is estimated from the catalog, whatever its source; one with a bill keeps it too.
        let priced: PriceOutcome | undefined;
        if (context.price) {
          // One input object for every record: the pricer reads it and keeps nothing (fewer allocations per row).
          priceInput.provider = record.provider;
          priceInput.model = record.model;
          priceInput.modelRaw = record.modelRaw;
          priceInput.serviceTier = record.serviceTier;
          priceInput.contextTier = record.contextTier ?? null;
          priceInput.tokens = record.tokens;
          priceInput.otherUnits = record.otherUnits;
          priceInput.otherUnit = record.otherUnit;
          priceInput.billedCost = record.billedCost;
          priceInput.periodStart = record.periodStart;
          priceInput.currency = record.currency;
          priced = context.price(priceInput);
        }
        const estimatedCost = record.estimatedCost ?? priced?.estimatedCost ?? null;
        const estimatedScaled = record.estimatedCost !== null ? ledgerScaled(record.estimatedCost) : priced?.estimatedScaled ?? null;
        const listScaled = priced?.listScaled ?? null;
        const listCost = priced?.listCost ?? null;
        const unpriced = priced?.unpriced ?? false;
        const tokenCount = unpriced
          ? record.tokens.uncachedInputTokens + record.tokens.cacheReadInputTokens + record.tokens.cacheWrite5mInputTokens + record.tokens.cacheWrite1hInputTokens + record.tokens.outputTokens
          : 0;
        if (unpriced) {
          result.unpricedRecords++;
          result.unpricedTokens += tokenCount;
        }
        if (!checkedFirstKey) {
          checkedFirstKey = true;
          const existing = await client.query(`SELECT 1 FROM usage_record WHERE "orgId" = $1 AND "naturalKey" = $2`, [context.orgId, key]);
          // This file (or an overlapping one) was imported before: upsert instead.
          if (existing.rowCount) throw new RestartStaged();
        }
        const day = usageDate(record.periodStart, record.periodEnd);
        if (!days.has(day)) days.add(detachString(day));
        if (!result.periodStart || record.periodStart < result.periodStart) result.periodStart = record.periodStart;
        if (!result.periodEnd || record.periodEnd > result.periodEnd) result.periodEnd = record.periodEnd;
        let total = totals.get(record.currency);
        if (!total) totals.set(detachString(record.currency), (total = { billed: new Decimal(0), estimated: 0n, records: 0, billedRecords: 0 }));
        if (record.billedCost !== null) {
          total.billed = total.billed.plus(record.billedCost);
          total.billedRecords++;
        }
        if (estimatedScaled !== null) total.estimated += estimatedScaled;
        total.records++;
        // The source's own team and workflow win; attribution rules fill in what it left open.
        let teamId = record.teamName ? context.teams!.get(record.teamName.toLowerCase())! : null;
        let workflowId = record.workflowName ? context.workflows!.get(record.workflowName.toLowerCase())! : null;
        let attributedBy: string | null = teamId !== null || workflowId !== null ? "source" : null;
        if (context.attribute && (teamId === null || workflowId === null)) {
          const ruled = context.attribute(record);
          if (teamId === null && ruled.teamId !== null) {
            teamId = ruled.teamId;
            attributedBy ??= ruled.teamRuleId;
          }
          if (workflowId === null && ruled.workflowId !== null) {
            workflowId = ruled.workflowId;
            attributedBy ??= ruled.workflowRuleId;
          }
        }
        // A workflow belongs to its team: the spend is that team's where neither the source nor a rule named one.
        if (teamId === null && workflowId !== null) teamId = context.workflowOwners.get(workflowId) ?? null;
        const tokens = record.tokens;
        // One string per row, built by concatenation (no intermediate arrays: this runs a million times).
        const fields =
          key + "\t" + rowNumber + "\t" + isoOf(record.periodStart) + "\t" + isoOf(record.periodEnd) + "\t" + day + "\t" +
          copyValue(record.provider) + "\t" + copyValue(record.service) + "\t" + copyValue(record.model) + "\t" +
          copyValue(record.modelRaw) + "\t" + copyValue(record.serviceTier) + "\t" + copyValue(record.project) + "\t" +
          copyValue(record.apiKey) + "\t" + copyValue(record.providerUser) + "\t" +
          copyValue(record.tags ? JSON.stringify(record.tags) : null) + "\t" + copyValue(record.contextTier ?? null) + "\t" +
          copyValue(teamId) + "\t" + copyValue(workflowId) + "\t" +
          tokens.uncachedInputTokens + "\t" + tokens.cacheReadInputTokens + "\t" + tokens.cacheWrite5mInputTokens + "\t" +
          tokens.cacheWrite1hInputTokens + "\t" + tokens.outputTokens + "\t" + tokens.reasoningTokens + "\t" + record.requests + "\t" +
          copyValue(record.otherUnits) + "\t" + copyValue(record.otherUnit) + "\t" + copyValue(record.billedCost) + "\t" +
          copyValue(estimatedCost) + "\t" + copyValue(listCost) + "\t" + (unpriced ? "t" : "f") + "\t" +
          copyValue(priced?.pricedModel ?? null) + "\t" + copyValue(attributedBy) + "\t" + record.currency;
        if (mode === "staged") {
          batch += `${fields}\t${record.chargeCategory}\n`;
        } else {
          batch += `${orgCell}\t${fields}\t${record.chargeCategory.toUpperCase()}\t${sourceCells}\n`;
          const rollupKey = `${day}\u0000${record.provider}\u0000${record.model ?? ""}\u0000${teamId ?? ""}\u0000${workflowId ?? ""}\u0000${record.serviceTier ?? ""}\u0000${record.currency}`;
          let group = rollups.get(rollupKey);
          if (!group) rollups.set(detachString(rollupKey), (group = new Map()));
          const detailKey = `${record.project ?? ""}\u0000${record.apiKey ?? ""}\u0000${record.providerUser ?? ""}`;
          let rollup = group.get(detailKey);
          if (!rollup) {
            rollup = {
              day: detachString(day),
              provider: detachString(record.provider),
              model: detachString(record.model ?? ""),
              teamId: teamId ?? "",
              workflowId: workflowId ?? "",
              serviceTier: detachString(record.serviceTier ?? ""),
              currency: detachString(record.currency),
              project: detachString(record.project ?? ""),
              apiKey: detachString(record.apiKey ?? ""),
              providerUser: detachString(record.providerUser ?? ""),
              records: 0,
              tokens: [0, 0, 0, 0, 0, 0],
              requests: 0,
              billed: "0",
              estimated: "0",
              effective: "0",
              list: "0",
              billedRecords: 0,
              estimatedRecords: 0,
              unpricedRecords: 0,
              unpricedTokens: 0,
              billedSum: new Decimal(0),
              estimatedSum: 0n,
              effectiveBilledSum: new Decimal(0),
              effectiveEstimatedSum: 0n,
              listSum: 0n,
            };
            group.set(detachString(detailKey), rollup);
            pendingRollups++;
          }
          rollup.records++;
          rollup.tokens[0] += tokens.uncachedInputTokens;
          rollup.tokens[1] += tokens.cacheReadInputTokens;
          rollup.tokens[2] += tokens.cacheWrite5mInputTokens;
          rollup.tokens[3] += tokens.cacheWrite1hInputTokens;
          rollup.tokens[4] += tokens.outputTokens;
          rollup.tokens[5] += tokens.reasoningTokens;
          rollup.requests += record.requests;
          if (record.billedCost !== null) {
            rollup.billedSum = rollup.billedSum.plus(record.billedCost);
            rollup.billedRecords++;
          }
          if (estimatedScaled !== null) {
            rollup.estimatedSum += estimatedScaled;
            rollup.estimatedRecords++;
          }
          if (listScaled !== null) rollup.listSum += listScaled;
          if (unpriced) {
            rollup.unpricedRecords++;
            rollup.unpricedTokens += tokenCount;
          }
          if (record.billedCost !== null) rollup.effectiveBilledSum = rollup.effectiveBilledSum.plus(record.billedCost);
          else if (estimatedScaled !== null) rollup.effectiveEstimatedSum += estimatedScaled;
        }
      }
      if (batch.length >= COPY_BATCH_BYTES) await flush();
      // Rollup sums are additive in the direct pass: hand them to the database in parts, so memory does not grow
      // with the number of days and models a file spans. (The COPY must finish first: one connection.)
      if (pendingRollups >= (context.rollupFlushEvery ?? MAX_PENDING_ROLLUPS)) await flushRollups();
      progress();
    }
    await flush();
    // (copy is assigned inside flush(); TypeScript cannot see that.)
    const started = copy as ReturnType<typeof copyFrom> | null;
    if (started) {
      started.end();
      await copyDone;
    }
  } catch (error) {
    (copy as ReturnType<typeof copyFrom> | null)?.destroy();
    input?.destroy();
    await copyDone.catch(() => {});
    if (error instanceof RestartStaged) return { kind: "restart" };
    // 23505: a record of this file already exists (or repeats within it): redo the file as an upsert.
    if (mode === "direct" && (error as { code?: string }).code === "23505") return { kind: "restart" };
    if (error instanceof CsvInputError) return done(error.message);
    throw error;
  }
  progress(true);

  if (result.rowsRead === 0) return done("The file has a header but no rows.");
  if (context.mode === "strict" && result.rowsRejected > 0) {
    result.rowsImported = 0;
    return done(
      `${result.rowsRejected.toLocaleString("en-US")} of ${result.rowsRead.toLocaleString("en-US")} rows are invalid, so nothing was imported. ` +
        `Fix them, or import again skipping invalid rows.`,
    );
  }
  const writeStarted = performance.now();
  result.timings.stream = (writeStarted - streamStarted) / 1000;
  if (mode === "staged") {
    const written = await upsertStaging(client, context.orgId, context.source);
    result.recordsWritten = written.records;
    const rollupsStarted = performance.now();
    result.timings.upsert = (rollupsStarted - writeStarted) / 1000;
    await rebuildRollups(client, context.orgId, [...days]);
    result.timings.rollups = (performance.now() - rollupsStarted) / 1000;
  } else {
    result.recordsWritten = [...totals.values()].reduce((sum, total) => sum + total.records, 0);
    await flushRollups();
    result.timings.rollups = (performance.now() - writeStarted) / 1000;
  }
  result.totals = Object.fromEntries(
    [...totals].map(([currency, total]) => [
      currency,
      { billed: total.billed.toFixed(), estimated: fromScaled(total.estimated, LEDGER_SCALE), records: total.records, billedRecords: total.billedRecords },
    ]),
  );
  result.status = "completed";
  if (result.rowsImported === 0) {
    result.message =
      result.rowsNotAi > 0
        ? `No AI usage in this file: ${result.rowsNotAi.toLocaleString("en-US")} rows are other services.`
        : "The file had no usage rows to import.";
  }
  return { kind: "done", result };
}
