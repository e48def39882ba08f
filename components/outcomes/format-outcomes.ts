import Decimal from "decimal.js";

// How outcome figures read on the page: counts with separators, rates with three significant digits. From decimal
// strings, through Intl's string input, never a float.

const formatters = new Map<number, Intl.NumberFormat>();

function format(value: string, maximumFractionDigits: number): string {
  let formatter = formatters.get(maximumFractionDigits);
  if (!formatter) formatters.set(maximumFractionDigits, (formatter = new Intl.NumberFormat("en-US", { maximumFractionDigits })));
  return formatter.format(value as unknown as number);
}

/** "1,234.5": outcome counts keep up to four decimals (as stored). */
export const formatOutcomeCount = (value: string) => format(new Decimal(value).toFixed(), 4);

/** "4,090" tokens per request. */
export const formatTokensPerRequest = (value: string | null) => (value === null ? "—" : format(new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(), 0));

/** "0.0852" outcomes per request: three significant digits. */
export const formatOutcomeRate = (value: string | null) => (value === null ? "—" : new Decimal(value).toSignificantDigits(3, Decimal.ROUND_HALF_UP).toFixed());
