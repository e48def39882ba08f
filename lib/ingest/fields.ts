import Decimal from "decimal.js";
import type { Row, RowIssue } from "@/lib/ingest/types";

// Reading one CSV row's fields, collecting every problem with its column and value instead of stopping at the
// first, so a rejected file's report lists them all.

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_DECIMAL_INTEGER_DIGITS = 18; // numeric(32,14)

export function isNullLiteral(value: string): boolean {
  // FOCUS exports write the literal NULL; empty cells mean the same.
  return value === "" || value === "NULL" || value === "null";
}

const PLAIN_DECIMAL = /^-?\d{1,18}(\.\d{1,14})?$/;

/** "1.5000" → "1.5", "-0.00" → "0": what Decimal#toFixed() would give, without Decimal, for plain decimals. */
function canonicalPlainDecimal(value: string): string {
  let text = value;
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  text = text.replace(/^(-?)0+(?=\d)/, "$1");
  return text === "-0" ? "0" : text;
}

export function parseDecimalString(value: string): string | null {
  // The common case (plain digits, at most 14 decimals) needs no arbitrary-precision parse: ingest reads
  // millions of these.
  if (PLAIN_DECIMAL.test(value)) return canonicalPlainDecimal(value);
  if (!DECIMAL.test(value)) return null;
  const decimal = new Decimal(value);
  if (!decimal.isFinite()) return null;
  const fixed = decimal.toDecimalPlaces(14, Decimal.ROUND_HALF_EVEN).toFixed();
  if (fixed.replace(/^-/, "").split(".")[0]!.length > MAX_DECIMAL_INTEGER_DIGITS) return null;
  return fixed;
}

/**
 * A copy of a string that shares no memory with the string it was cut from. Cells are slices of the parser's
 * 256 KB text chunks; keeping one in a long-lived map would keep its whole chunk alive (a million-row import
 * leaked hundreds of MB that way). Use it for anything a cell puts in a cache or a running total.
 */
export function detachString(value: string): string {
  return Buffer.from(value, "utf8").toString("utf8");
}

// Exports repeat the same few timestamps (every row of an hourly bucket has the same start), so parses are cached.
const parsedDates = new Map<string, Date | null>();

/** Dates as the exports write them, all read as UTC: ISO 8601, "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD", "M/D/YY(YY)". */
export function parseDateTimeString(value: string): Date | null {
  const cached = parsedDates.get(value);
  if (cached !== undefined) return cached === null ? null : new Date(cached.getTime());
  const parsed = parseDateTimeUncached(value);
  if (parsedDates.size > 5000) parsedDates.clear();
  parsedDates.set(detachString(value), parsed);
  return parsed === null ? null : new Date(parsed.getTime());
}

function parseDateTimeUncached(value: string): Date | null {
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (match) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "0", zone] = match;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, "0")));
    if (zone && !/^(Z|UTC)$/i.test(zone)) {
      const sign = zone.startsWith("-") ? -1 : 1;
      const digits = zone.replace(/[+:-]/g, "");
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    const date = new Date(ms);
    // Reject 2025-02-30 and the like, which Date.UTC would roll over.
    if (date.getUTCDate() !== Number(d) && !zone) return null;
    return Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 ? null : date;
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (match) {
    const [, mo, d, yy, h = "0", mi = "0", s = "0"] = match;
    const year = yy!.length === 2 ? 2000 + Number(yy) : Number(yy);
    if (Number(mo) > 12 || Number(d) > 31) return null;
    const date = new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
    return date.getUTCDate() === Number(d) ? date : null;
  }
  return null;
}

export class RowReader {
  readonly issues: RowIssue[] = [];

  constructor(private readonly row: Row) {}

  get ok(): boolean {
    return this.issues.length === 0;
  }

  issue(column: string | null, value: string | null, reason: string): void {
    this.issues.push({ column, value, reason });
  }

  has(column: string): boolean {
    return column in this.row;
  }

  /** The trimmed cell, or null for empty / NULL / a column the file does not have. */
  text(column: string): string | null {
    const value = this.row[column]?.trim();
    return value === undefined || isNullLiteral(value) ? null : value;
  }

  required(column: string): string | null {
    const value = this.text(column);
    if (value === null) this.issue(column, this.row[column] ?? null, "is empty but required");
    return value;
  }

  /** A count of tokens or requests: a whole number ≥ 0 ("10.0" is fine: some exports write counts as floats). */
  count(column: string, options: { required?: boolean } = {}): number {
    const value = options.required ? this.required(column) : this.text(column);
    if (value === null) return 0;
    // Fast path for "123" and "123.0" (how exports write counts); everything else goes through Decimal.
    if (/^\d{1,15}(\.0+)?$/.test(value)) return Number.parseInt(value, 10);
    if (!DECIMAL.test(value)) {
      this.issue(column, value, "is not a number");
      return 0;
    }
    const decimal = new Decimal(value);
    if (decimal.isNegative() && !decimal.isZero()) {
      this.issue(column, value, "is negative; counts cannot be");
      return 0;
    }
    if (!decimal.isInteger()) {
      this.issue(column, value, "is not a whole number");
      return 0;
    }
    if (decimal.greaterThan(Number.MAX_SAFE_INTEGER)) {
      this.issue(column, value, "is too large");
      return 0;
    }
    return decimal.toNumber();
  }

  /** A decimal amount (money may be negative: credits and refunds). */
  decimal(column: string, options: { required?: boolean; nonNegative?: boolean } = {}): string | null {
    const value = options.required ? this.required(column) : this.text(column);
    if (value === null) return null;
    const parsed = parseDecimalString(value);
    if (parsed === null) {
      this.issue(column, value, /,/.test(value) ? "is not a number (use a dot as the decimal separator)" : "is not a number");
      return null;
    }
    if (options.nonNegative && parsed.startsWith("-")) {
      this.issue(column, value, "is negative");
      return null;
    }
    return parsed;
  }

  dateTime(column: string, options: { required?: boolean; unixSeconds?: boolean } = {}): Date | null {
    const value = options.required ? this.required(column) : this.text(column);
    if (value === null) return null;
    if (options.unixSeconds && /^\d+(\.0+)?$/.test(value)) return new Date(Number.parseInt(value, 10) * 1000);
    const date = parseDateTimeString(value);
    if (!date) this.issue(column, value, "is not a date this importer reads (ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)");
    return date;
  }

  currency(column: string, options: { fallback?: string } = {}): string {
    const value = this.text(column);
    if (value === null) {
      if (options.fallback) return options.fallback;
      this.issue(column, null, "is empty but required");
      return "USD";
    }
    const code = value.toUpperCase();
    if (!CURRENCIES.has(code)) this.issue(column, value, "is not an ISO 4217 currency code");
    return code;
  }

  /** A JSON object of scalar values (FOCUS Tags, SkuPriceDetails); Azure sometimes drops the outer braces. */
  jsonObject(column: string): Record<string, string> | null {
    const value = this.text(column);
    if (value === null) return null;
    const candidates = value.startsWith("{") ? [value] : [value, `{${value}}`];
    for (const candidate of candidates) {
      try {
        const parsed = JSON.parse(candidate) as unknown;
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          return Object.fromEntries(
            Object.entries(parsed as Record<string, unknown>)
              .filter(([, entry]) => entry !== null && entry !== undefined)
              .map(([key, entry]) => [key, typeof entry === "string" ? entry : JSON.stringify(entry)]),
          );
        }
      } catch {
        // try the next candidate
      }
    }
    this.issue(column, value.slice(0, 200), "is not a JSON object");
    return null;
  }

  /** TRUE/true/1 → true. */
  flag(column: string): boolean | null {
    const value = this.text(column);
    if (value === null) return null;
    return /^(true|1|yes)$/i.test(value);
  }
}

export const ZERO_TOKENS = {
  uncachedInputTokens: 0,
  cacheReadInputTokens: 0,
  cacheWrite5mInputTokens: 0,
  cacheWrite1hInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
} as const;

/** Case- and punctuation-insensitive header matching: "Billed Cost", "billed_cost" and "BilledCost" are one. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The share of `required` headers present (0 when any of `mustHave` is missing). */
export function headerScore(headers: readonly string[], required: readonly string[], mustHave: readonly string[] = required): number {
  const present = new Set(headers.map(normalizeHeader));
  if (!mustHave.every((header) => present.has(normalizeHeader(header)))) return 0;
  return required.filter((header) => present.has(normalizeHeader(header))).length / required.length;
}

/**
 * The file's headers, renamed to the mapper's spelling where they differ only in case and punctuation; headers
 * already spelled exactly, and headers the mapper does not read, keep their names.
 */
export function canonicalHeaders(headers: readonly string[], columns: readonly string[] | undefined): string[] {
  if (!columns) return [...headers];
  const exact = new Set(headers);
  const byNormalized = new Map(columns.filter((column) => !exact.has(column)).map((column) => [normalizeHeader(column), column]));
  return headers.map((header) => (exact.has(header) && columns.includes(header) ? header : byNormalized.get(normalizeHeader(header)) ?? header));
}
