import Decimal from "decimal.js";

// All money arithmetic and formatting. Amounts are decimal strings end to end (database numeric → JSON string →
// here); a JS number appears only inside chart preparation, for plotting.

export type Money = { amount: string; currency: string };

export function addDecimals(values: readonly (string | null | undefined)[]): string {
  return values.reduce((sum: Decimal, value) => (value ? sum.plus(value) : sum), new Decimal(0)).toFixed();
}

export function isZero(amount: string): boolean {
  return new Decimal(amount).isZero();
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$1,234.57": two decimals (or more for sub-cent amounts, e.g. a price), from a decimal string. */
export function formatMoney(amount: string, currency: string, options: { precise?: boolean } = {}): string {
  const decimal = new Decimal(amount);
  const small = !decimal.isZero() && decimal.abs().lessThan(0.01);
  const key = `${currency}:${options.precise || small ? "precise" : "cents"}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: options.precise || small ? 6 : 2,
    });
    formatters.set(key, formatter);
  }
  // Intl formats a decimal string without going through a float (ECMA-402 "string" input).
  return formatter.format(decimal.toFixed() as unknown as number);
}

export function formatCount(count: number): string {
  return new Intl.NumberFormat("en-US").format(count);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}
