import { describe, expect, it } from "vitest";
import { addDecimals, formatBytes, formatMoney, fromScaled, rescale, toScaled } from "@/lib/money";

describe("money", () => {
  it("adds decimal strings exactly, where floats would not", () => {
    expect(addDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(addDecimals(["19.99", "0.01", null, "-5"])).toBe("15");
    expect(addDecimals(Array.from({ length: 1000 }, () => "0.0000008"))).toBe("0.0008");
  });

  it("formats to the cent, keeping sub-cent amounts visible", () => {
    expect(formatMoney("1234.565", "USD")).toBe("$1,234.57");
    expect(formatMoney("-0.5", "USD")).toBe("-$0.50");
    expect(formatMoney("0.0000025", "USD")).toBe("$0.000003");
    expect(formatMoney("12345678901234567.89", "EUR")).toBe("€12,345,678,901,234,567.89");
  });

  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(1024 ** 3)).toBe("1.0 GB");
  });
});

describe("fixed-point money", () => {
  it("round-trips decimal strings exactly", () => {
    for (const value of ["0", "2.5", "0.000000003", "-1.25", "123456789.123456789012", "15"]) {
      expect(fromScaled(toScaled(value, 12), 12)).toBe(value);
    }
    expect(fromScaled(toScaled("2.500", 12), 12)).toBe("2.5");
    expect(fromScaled(-0n, 4)).toBe("0");
  });

  it("multiplies tokens by a per-million price without rounding", () => {
    // 1,234,567 tokens at $3 per million = $3.703701
    const cost = 1_234_567n * toScaled("3", 12);
    expect(fromScaled(cost, 18)).toBe("3.703701");
    // 7 tokens at $0.075 per million = $0.000000525
    expect(fromScaled(7n * toScaled("0.075", 12), 18)).toBe("0.000000525");
  });

  it("refuses what it cannot hold exactly", () => {
    expect(() => toScaled("1e-7", 12)).toThrow();
    expect(() => toScaled("0.0000000000001", 12)).toThrow(/more than 12 decimal places/);
  });

  it("rounds half away from zero when the scale shrinks", () => {
    expect(rescale(125n, 2, 1)).toBe(13n);
    expect(rescale(-125n, 2, 1)).toBe(-13n);
    expect(rescale(124n, 2, 1)).toBe(12n);
    expect(rescale(5n, 0, 2)).toBe(500n);
  });
});
