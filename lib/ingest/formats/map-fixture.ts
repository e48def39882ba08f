import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { canonicalHeaders } from "@/lib/ingest/fields";
import type { FormatMapper, MapOutcome, NormalizedUsage, RowIssue } from "@/lib/ingest/types";

// For mapper unit tests: read a fixture CSV (BOM and all) and run every row through a mapper, without the
// database. The real pipeline (lib/ingest/pipeline.ts) streams instead, but maps rows the same way.

export type MappedFixture = {
  headers: string[];
  records: NormalizedUsage[];
  skipped: { row: number; reason: string }[];
  invalid: { row: number; issues: RowIssue[] }[];
};

export function readFixture(path: string): { headers: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const [headerRow, ...dataRows] = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const headers = headerRow!.map((header) => header.trim());
  return { headers, rows: dataRows.map((row) => Object.fromEntries(headers.map((header, index) => [header, row[index] ?? ""]))) };
}

export function mapFixture(mapper: FormatMapper, path: string, now = new Date("2026-11-29T00:00:00Z")): MappedFixture {
  const { headers: fileHeaders, rows: fileRows } = readFixture(path);
  // As the pipeline does: headers renamed to the mapper's spelling.
  const headers = canonicalHeaders(fileHeaders, mapper.columns);
  const rows = fileRows.map((row) => Object.fromEntries(fileHeaders.map((header, index) => [headers[index]!, row[header] ?? ""])));
  const out: MappedFixture = { headers, records: [], skipped: [], invalid: [] };
  rows.forEach((row, index) => {
    const outcome: MapOutcome = mapper.map(row, { rowNumber: index + 1, now });
    if (outcome.kind === "records") out.records.push(...outcome.records);
    else if (outcome.kind === "skip") out.skipped.push({ row: index + 1, reason: outcome.reason });
    else out.invalid.push({ row: index + 1, issues: outcome.issues });
  });
  return out;
}

/** Maps one row the way the pipeline does: its headers first renamed to the mapper's spelling. */
export function mapRowAsPipeline(mapper: FormatMapper, row: Record<string, string>, context: { rowNumber: number; now: Date }): MapOutcome {
  const fileHeaders = Object.keys(row);
  const headers = canonicalHeaders(fileHeaders, mapper.columns);
  return mapper.map(Object.fromEntries(fileHeaders.map((header, index) => [headers[index]!, row[header]!])), context);
}
