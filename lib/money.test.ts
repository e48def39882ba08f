import { describe, expect, it } from "vitest";
import { addDecimals, formatBytes, formatMoney } from "@/lib/money";

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
