// CSV formula injection (OWASP): a spreadsheet runs a cell that starts with = + - @ (and some strip a leading tab
// or CR first) as a formula, so a team named =HYPERLINK(...) in an export becomes a live link or a DDE command in
// finance's spreadsheet. Every CSV writer puts its cells through here.

/** What a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

// A plain decimal, optionally negative: what the ledger writes for amounts and counts. Anything else after a
// minus ("-2+3", "-1e3", "- 5", "-cmd|…") is text that a spreadsheet could evaluate.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A cell as it may be written: text that a spreadsheet would run gets a leading ', shown instead of run. A number
 * stays a number ("-12.50" is a credit finance sums, not a formula).
 */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * For a column whose type says text (FOCUS `String`), where even "-1.5" is a name and the spec forbids a leading
 * minus: neutralized whatever it looks like.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
