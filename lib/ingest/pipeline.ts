import type { Readable } from "node:stream";
import Decimal from "decimal.js";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { CsvInputError, openCsv } from "@/lib/ingest/csv-source";
import { createStaging, COPY_STAGING_SQL, lockOrganizationLedger, rebuildRollups, upsertStaging, type Source } from "@/lib/ingest/ledger-sql";
import { naturalKey } from "@/lib/ingest/natural-key";
import { detectFormat, type SavedMapping } from "@/lib/ingest/registry";
import type { FormatMapper, NormalizedUsage, Row, RowIssue } from "@/lib/ingest/types";
import { createUsageDateResolver } from "@/lib/ingest/usage-date";

// One file into the ledger, streaming: parse → detect the format → map each row to NormalizedUsage → validate →
// COPY into a staging table → one set-based upsert and the affected days' rollups, all in ONE transaction. A file
// imports completely or not at all; invalid rows reject it (strict) or are skipped and reported (skip-invalid).

export type IngestMode = "strict" | "skip-invalid";

export type RowError = { rowNumber: number | null; column: string | null; value: string | null; reason: string };

export type CurrencyTotals = Record<string, { billed: string; estimated: string; records: number }>;

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
};

export type IngestOptions = {
  pool: Pool;
  orgId: string;
  timeZone: string;
  input: Readable;
  mode: IngestMode;
  source: Source;
  savedMappings?: readonly SavedMapping[];
  /** The API's `mapping=<name>`: use this saved mapping instead of detecting. */
  mapping?: string | null;
  teams?: ReadonlyMap<string, string>;
  workflows?: ReadonlyMap<string, string>;
  now?: Date;
  onProgress?: (progress: IngestProgress) => void;
  /** Runs inside the transaction just before COMMIT (e.g. marking the upload completed). */
  beforeCommit?: (client: PoolClient, result: IngestResult) => Promise<void>;
};

/** Stored errors per file; beyond it only the count grows (the report says so). */
export const MAX_STORED_ERRORS = 100_000;
/** Tolerated clock skew and time zones before a start date counts as "in the future". */
const FUTURE_TOLERANCE_MS = 36 * 60 * 60 * 1000;
const COPY_BATCH_BYTES = 256 * 1024;

function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  // COPY text format: backslash, tab and line breaks are escaped; everything else is literal.
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : text;
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
  };
}

export async function ingestCsv(options: IngestOptions): Promise<IngestResult> {
  const result = emptyResult();
  const now = options.now ?? new Date();
  let bytesRead = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const time = Date.now();
    if (!options.onProgress || (!force && time - lastProgress < 250)) return;
    lastProgress = time;
    options.onProgress({ bytesRead, rowsRead: result.rowsRead, rowsImported: result.rowsImported, rowsRejected: result.rowsRejected, rowsSkipped: result.rowsSkipped });
  };
  const fail = (message: string) => ({ ...result, status: "failed" as const, message });

  let csv: Awaited<ReturnType<typeof openCsv>>;
  try {
    csv = await openCsv(options.input, { onBytes: (bytes) => (bytesRead = bytes) });
  } catch (error) {
    if (error instanceof CsvInputError) return fail(error.message);
    throw error;
  }
  const detection = detectFormat(csv.headers, options.savedMappings ?? [], options.mapping);
  if (!detection.ok) return fail(detection.message);
  const mapper: FormatMapper = detection.mapper;
  result.format = mapper.id;
  result.formatLabel = mapper.label;
  result.savedMapping = detection.savedMapping;
  const headers = csv.headers;
  const usageDate = createUsageDateResolver(options.timeZone);
  const totals = new Map<string, { billed: Decimal; estimated: Decimal; records: number }>();
  const days = new Set<string>();

  const addError = (rowNumber: number | null, issue: RowIssue) => {
    result.errorCount++;
    if (result.errors.length < MAX_STORED_ERRORS) result.errors.push({ rowNumber, ...issue });
  };

  const client = await options.pool.connect();
  let inTransaction = false;
  try {
    await client.query("BEGIN");
    inTransaction = true;
    await lockOrganizationLedger(client, options.orgId);
    await createStaging(client);
    const copy = client.query(copyFrom(COPY_STAGING_SQL));
    const copyDone = new Promise<void>((resolve, reject) => {
      copy.on("finish", resolve);
      copy.on("error", reject);
    });
    let batch = "";
    const flush = async () => {
      if (!batch) return;
      const chunk = batch;
      batch = "";
      if (!copy.write(chunk)) await new Promise<void>((resolve) => copy.once("drain", resolve));
    };

    let rowNumber = 0;
    let rejecting = false;
    try {
      for await (const cells of csv.rows) {
        rowNumber++;
        result.rowsRead++;
        if (cells.length !== headers.length) {
          addError(rowNumber, {
            column: null,
            value: null,
            reason: `has ${cells.length} columns; the header has ${headers.length}`,
          });
          if (options.mode === "strict") {
            result.rowsRejected++;
            rejecting = true;
          } else result.rowsSkipped++;
          progress();
          continue;
        }
        const row: Row = {};
        for (let index = 0; index < headers.length; index++) row[headers[index]!] = cells[index]!;
        const outcome = mapper.map(row, { rowNumber, now });
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
            if (record.teamName && !options.teams?.has(record.teamName.toLowerCase())) {
              issues.push({ column: null, value: record.teamName, reason: "names no team of this organization" });
            }
            if (record.workflowName && !options.workflows?.has(record.workflowName.toLowerCase())) {
              issues.push({ column: null, value: record.workflowName, reason: "names no workflow of this organization" });
            }
          }
        }
        if (issues.length > 0) {
          for (const issue of issues) addError(rowNumber, issue);
          if (options.mode === "strict") {
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
          const day = usageDate(record.periodStart, record.periodEnd);
          days.add(day);
          if (!result.periodStart || record.periodStart < result.periodStart) result.periodStart = record.periodStart;
          if (!result.periodEnd || record.periodEnd > result.periodEnd) result.periodEnd = record.periodEnd;
          let total = totals.get(record.currency);
          if (!total) totals.set(record.currency, (total = { billed: new Decimal(0), estimated: new Decimal(0), records: 0 }));
          if (record.billedCost !== null) total.billed = total.billed.plus(record.billedCost);
          if (record.estimatedCost !== null) total.estimated = total.estimated.plus(record.estimatedCost);
          total.records++;
          const tokens = record.tokens;
          batch +=
            [
              naturalKey(record),
              rowNumber,
              record.periodStart.toISOString(),
              record.periodEnd.toISOString(),
              day,
              copyValue(record.provider),
              copyValue(record.service),
              copyValue(record.model),
              copyValue(record.modelRaw),
              copyValue(record.serviceTier),
              copyValue(record.project),
              copyValue(record.apiKey),
              copyValue(record.providerUser),
              copyValue(record.tags ? JSON.stringify(record.tags) : null),
              copyValue(record.teamName ? options.teams!.get(record.teamName.toLowerCase()) : null),
              copyValue(record.workflowName ? options.workflows!.get(record.workflowName.toLowerCase()) : null),
              tokens.uncachedInputTokens,
              tokens.cacheReadInputTokens,
              tokens.cacheWrite5mInputTokens,
              tokens.cacheWrite1hInputTokens,
              tokens.outputTokens,
              tokens.reasoningTokens,
              record.requests,
              copyValue(record.otherUnits),
              copyValue(record.otherUnit),
              copyValue(record.billedCost),
              copyValue(record.estimatedCost),
              record.currency,
              record.chargeCategory,
            ].join("\t") + "\n";
        }
        if (batch.length >= COPY_BATCH_BYTES) await flush();
        progress();
      }
      await flush();
      copy.end();
      await copyDone;
    } catch (error) {
      copy.destroy();
      await copyDone.catch(() => {});
      if (error instanceof CsvInputError) {
        await client.query("ROLLBACK");
        inTransaction = false;
        return fail(error.message);
      }
      throw error;
    }
    progress(true);

    if (result.rowsRead === 0) {
      await client.query("ROLLBACK");
      inTransaction = false;
      return fail("The file has a header but no rows.");
    }
    if (options.mode === "strict" && result.rowsRejected > 0) {
      await client.query("ROLLBACK");
      inTransaction = false;
      result.rowsImported = 0;
      return fail(
        `${result.rowsRejected.toLocaleString("en-US")} of ${result.rowsRead.toLocaleString("en-US")} rows are invalid, so nothing was imported. ` +
          `Fix them, or import again skipping invalid rows.`,
      );
    }
    const written = await upsertStaging(client, options.orgId, options.source);
    result.recordsWritten = written.records;
    await rebuildRollups(client, options.orgId, [...days]);
    result.totals = Object.fromEntries(
      [...totals].map(([currency, total]) => [currency, { billed: total.billed.toFixed(), estimated: total.estimated.toFixed(), records: total.records }]),
    );
    result.status = "completed";
    if (result.rowsImported === 0) {
      result.message =
        result.rowsNotAi > 0
          ? `No AI usage in this file: ${result.rowsNotAi.toLocaleString("en-US")} rows are other services.`
          : "The file had no usage rows to import.";
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
