import type { Readable } from "node:stream";
import { CsvInputError, openCsv } from "@/lib/ingest/csv-source";
import { canonicalHeaders } from "@/lib/ingest/fields";
import { headerSignature } from "@/lib/ingest/formats/custom";
import { detectFormat, type SavedMapping } from "@/lib/ingest/registry";
import type { Row } from "@/lib/ingest/types";
import type { UploadPreview } from "@/lib/uploads/schemas";

export const PREVIEW_ROWS = 20;

/**
 * The detected format and the first rows as the import will read them, from the beginning of a file (the UI
 * sends only its first megabyte; a gzip cut there still yields its first rows).
 */
export async function previewCsv(input: Readable, saved: readonly SavedMapping[], forcedMapping?: string | null): Promise<UploadPreview> {
  const empty: UploadPreview = { format: null, formatLabel: null, savedMapping: null, message: null, headers: [], delimiter: null, rows: [], suggestedMappings: [] };
  let csv: Awaited<ReturnType<typeof openCsv>>;
  try {
    csv = await openCsv(input);
  } catch (error) {
    if (error instanceof CsvInputError) return { ...empty, message: error.message };
    throw error;
  }
  const detection = detectFormat(csv.headers, saved, forcedMapping);
  const preview: UploadPreview = {
    ...empty,
    headers: csv.headers,
    delimiter: csv.delimiter,
    format: detection.ok ? detection.mapper.id : null,
    formatLabel: detection.ok ? detection.mapper.label : null,
    savedMapping: detection.ok ? detection.savedMapping : null,
    message: detection.ok ? null : detection.message,
    suggestedMappings: detection.ok ? [] : saved.filter((mapping) => mapping.headerSignature === headerSignature(csv.headers)).map((mapping) => mapping.name),
  };
  let rowNumber = 0;
  try {
    outer: for await (const batch of csv.batches) for (const cells of batch) {
      rowNumber++;
      if (!detection.ok) {
        preview.rows.push({ rowNumber, cells, outcome: "invalid", issues: [], records: [] });
      } else if (cells.length !== csv.headers.length) {
        preview.rows.push({ rowNumber, cells, outcome: "invalid", issues: [{ column: null, value: null, reason: `has ${cells.length} columns; the header has ${csv.headers.length}` }], records: [] });
      } else {
        const row: Row = Object.fromEntries(canonicalHeaders(csv.headers, detection.mapper.columns).map((header, index) => [header, cells[index]!]));
        const outcome = detection.mapper.map(row, { rowNumber, now: new Date() });
        preview.rows.push({
          rowNumber,
          cells,
          outcome: outcome.kind === "records" ? "imported" : outcome.kind === "skip" ? outcome.reason : "invalid",
          issues: outcome.kind === "invalid" ? outcome.issues : [],
          records:
            outcome.kind === "records"
              ? outcome.records.map((record) => ({
                  periodStart: record.periodStart.toISOString(),
                  periodEnd: record.periodEnd.toISOString(),
                  provider: record.provider,
                  service: record.service,
                  model: record.model,
                  serviceTier: record.serviceTier,
                  project: record.project,
                  apiKey: record.apiKey,
                  inputTokens: record.tokens.uncachedInputTokens + record.tokens.cacheReadInputTokens + record.tokens.cacheWrite5mInputTokens + record.tokens.cacheWrite1hInputTokens,
                  outputTokens: record.tokens.outputTokens,
                  requests: record.requests,
                  billedCost: record.billedCost,
                  currency: record.currency,
                  chargeCategory: record.chargeCategory,
                }))
              : [],
        });
      }
      if (rowNumber >= PREVIEW_ROWS) break outer;
    }
  } catch (error) {
    // A preview of a file's first megabyte ends mid-row or mid-gzip: what was read so far is the preview.
    if (!(error instanceof CsvInputError)) throw error;
    if (preview.rows.length === 0) preview.message = error.message;
  }
  input.destroy();
  return preview;
}
