// CSV for every export (explorer views, chargeback, reconciliation, FOCUS): RFC 4180 with CRLF line ends, fields
// with a comma, quote, CR or LF quoted, quotes doubled; UTF-8 without BOM. Written by hand rather than with
// csv-stringify, which does not quote a field holding a bare CR or LF.

/** What a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Cells that start with = + - @ (or tab/CR) get a leading ' so a spreadsheet shows them instead of running them. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field; null is an empty field. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
