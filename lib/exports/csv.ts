import { safeCell } from "@/lib/exports/safe-cell";

// CSV for every export (explorer views, chargeback, reconciliation, FOCUS): RFC 4180 with CRLF line ends, fields
// with a comma, quote, CR or LF quoted, quotes doubled; UTF-8 without BOM. Written by hand rather than with
// csv-stringify, which does not quote a field holding a bare CR or LF. Every cell is made safe against formula
// injection here (lib/exports/safe-cell.ts), so a writer cannot forget a column.

export { FORMULA_START, neutralizeFormula } from "@/lib/exports/safe-cell";

/** One field; null is an empty field. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = safeCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
