import Decimal from "decimal.js";

// All money arithmetic and formatting. Amounts are decimal strings end to end (database numeric → JSON string →
// here); a JS number appears only inside chart preparation, for plotting.

export type Money = { amount: string; currency: string };

/** decimal.js rounds to 20 significant digits by default; sums of money need every digit (14 before the point, 14 after). */
const Exact = Decimal.clone({ precision: 64 });

export function addDecimals(values: readonly (string | null | undefined)[]): string {
  return values.reduce((sum: Decimal, value) => (value ? sum.plus(value) : sum), new Exact(0)).toFixed();
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

// Fixed-point money for hot paths (pricing a million records at ingest): a decimal string held as a BigInt of
// its value × 10^scale. Exact like decimal.js, about ten times faster; written by hand because no library does
// just this without the weight of arbitrary-precision objects.

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "2.5" at scale 12 → 2500000000000n. Throws on more fractional digits than the scale, or a non-decimal. */
export function toScaled(value: string, scale: number): bigint {
  const match = DECIMAL_PATTERN.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a plain decimal number`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.replace(/0+$/, "").length > scale) throw new Error(`"${value}" has more than ${scale} decimal places`);
  const scaled = BigInt(whole!) * 10n ** BigInt(scale) + BigInt((fraction + "0".repeat(scale)).slice(0, scale) || "0");
  return sign ? -scaled : scaled;
}

/** 2500000000000n at scale 12 → "2.5" (canonical: no trailing zeros, "0" for zero). */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== "0" ? `-${text}` : text;
}

/** Rounds a scaled value to fewer decimal places, half away from zero. */
export function rescale(value: bigint, fromScale: number, toScale: number): bigint {
  if (toScale >= fromScale) return value * 10n ** BigInt(toScale - fromScale);
  const divisor = 10n ** BigInt(fromScale - toScale);
  const half = divisor / 2n;
  return value >= 0n ? (value + half) / divisor : -((-value + half) / divisor);
}
