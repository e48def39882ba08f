import DecimalBase from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDecimals, formatMoney, fromScaled, rescale, toScaled } from "@/lib/money";

// The fixed-point helpers against decimal.js (the reference for exact decimal arithmetic), on any value. The
// reference gets 100 significant digits: decimal.js' default of 20 rounds a ledger amount such as
// 1000000.12345678901234 (numeric(32,14) holds 32 digits).
const Decimal = DecimalBase.clone({ precision: 100 });

const scale = fc.integer({ min: 0, max: 20 });
const scaledValue = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
/** A plain decimal string with at most `places` fractional digits (as sources and the database write them). */
const decimalText = (places: number) =>
  fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.nat({ max: places }), fc.bigInt({ min: 0n, max: 10n ** 20n }))
    .map(([negative, whole, digits, fraction]) => `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction.toString().padStart(digits, "0").slice(0, digits)}` : ""}`);

describe("toScaled and fromScaled", () => {
  it("round-trip any scaled value exactly", () => {
    fc.assert(fc.property(scaledValue, scale, (value, places) => toScaled(fromScaled(value, places), places) === value));
  });

  it("agree with decimal.js", () => {
    fc.assert(
      fc.property(decimalText(14), (text) => {
        const scaled = toScaled(text, 14);
        expect(scaled.toString()).toBe(new Decimal(text).times(new Decimal(10).pow(14)).toFixed());
        expect(fromScaled(scaled, 14)).toBe(new Decimal(text).toFixed());
      }),
    );
  });

  it("refuse what is not a plain decimal, or has more places than the scale", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const plain = /^\s*-?\d+(\.\d+)?\s*$/.test(text);
        let threw = false;
        try {
          toScaled(text, 40);
        } catch {
          threw = true;
        }
        return threw === !plain;
      }),
    );
    expect(() => toScaled("1.0000001", 6)).toThrow("more than 6 decimal places");
    expect(toScaled("1.0000000", 6)).toBe(1_000_000n);
  });
});

describe("rescale", () => {
  it("rounds half away from zero, as decimal.js ROUND_HALF_UP", () => {
    fc.assert(
      fc.property(scaledValue, scale, scale, (value, from, to) => {
        const expected = new Decimal(value.toString()).dividedBy(new Decimal(10).pow(from)).toDecimalPlaces(to, Decimal.ROUND_HALF_UP).times(new Decimal(10).pow(to));
        expect(rescale(value, from, to).toString()).toBe(expected.toFixed());
      }),
    );
  });

  it("is symmetric around zero and exact when scaling up", () => {
    fc.assert(fc.property(scaledValue, scale, scale, (value, from, to) => rescale(-value, from, to) === -rescale(value, from, to)));
    fc.assert(fc.property(scaledValue, scale, fc.nat({ max: 10 }), (value, from, up) => rescale(rescale(value, from, from + up), from + up, from) === value));
  });
});

describe("addDecimals", () => {
  /** Amounts whose sums stay within 20 significant digits: up to a billion with 10 decimal places. */
  const withinTwentyDigits = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }))
    .map(([negative, scaled]) => fromScaled(negative ? -scaled : scaled, 10));

  it("is the exact sum, whatever the order, ignoring empty values", () => {
    fc.assert(
      fc.property(fc.array(fc.option(withinTwentyDigits, { nil: null }), { maxLength: 30 }), (values) => {
        const exact = values.reduce((sum, value) => sum + (value ? toScaled(value, 14) : 0n), 0n);
        expect(addDecimals(values)).toBe(fromScaled(exact, 14));
        expect(addDecimals([...values].reverse())).toBe(addDecimals(values));
      }),
    );
  });

  // A ledger amount has up to 32 digits (numeric(32,14)): decimal.js' default 20 significant digits would round it.
  it("is exact beyond 20 significant digits", () => {
    fc.assert(
      fc.property(fc.array(fc.option(decimalText(14), { nil: null }), { maxLength: 30 }), (values) => {
        const exact = values.reduce((sum, value) => sum + (value ? toScaled(value, 14) : 0n), 0n);
        expect(addDecimals(values)).toBe(fromScaled(exact, 14));
        expect(addDecimals([...values].reverse())).toBe(addDecimals(values));
      }),
    );
  });
});

describe("formatMoney", () => {
  const parse = (formatted: string) => {
    const negative = formatted.startsWith("-");
    return new Decimal((negative ? "-" : "") + formatted.replace(/[^0-9.]/g, ""));
  };

  it("shows cents rounded half away from zero, and sub-cent amounts to 6 places, without float error", () => {
    fc.assert(
      fc.property(decimalText(14), (amount) => {
        const value = new Decimal(amount);
        const small = !value.isZero() && value.abs().lessThan(0.01);
        const formatted = formatMoney(amount, "USD");
        expect(formatted).toMatch(/^-?\$[\d,]+\.\d{2,6}$/);
        expect(parse(formatted).equals(value.toDecimalPlaces(small ? 6 : 2, Decimal.ROUND_HALF_UP))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps 18-digit amounts exact (no float on the way)", () => {
    expect(formatMoney("123456789012345678.99", "USD")).toBe("$123,456,789,012,345,678.99");
    expect(formatMoney("-0.005", "USD")).toBe("-$0.005");
  });
});
