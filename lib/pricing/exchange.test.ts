import { describe, expect, it } from "vitest";
import { createConverter, MissingRateError } from "@/lib/pricing/exchange";

describe("currency conversion on the charge date", () => {
  const converter = createConverter([
    { fromCurrency: "EUR", toCurrency: "USD", day: "2026-03-02", rate: "1.0812" },
    { fromCurrency: "EUR", toCurrency: "USD", day: "2026-03-03", rate: "1.0795" },
    { fromCurrency: "EUR", toCurrency: "USD", day: "2026-03-06", rate: "1.09" },
    { fromCurrency: "GBP", toCurrency: "USD", day: "2026-03-01", rate: "1.2641" },
  ]);

  it("uses the rate of the charge date", () => {
    expect(converter.convert("100", "EUR", "USD", "2026-03-03")).toBe("107.95");
    expect(converter.convert("4.6082275", "EUR", "USD", "2026-03-02")).toBe("4.982415573");
  });

  it("uses the newest earlier rate on days without one (weekends)", () => {
    expect(converter.convert("100", "EUR", "USD", "2026-03-05")).toBe("107.95");
    expect(converter.convert("100", "EUR", "USD", "2026-03-31")).toBe("109");
  });

  it("needs no rate to stay in the same currency", () => {
    expect(converter.convert("12.34", "USD", "USD", "2026-03-05")).toBe("12.34");
  });

  it("refuses to guess when there is no rate yet", () => {
    expect(() => converter.convert("1", "EUR", "USD", "2026-03-01")).toThrow(MissingRateError);
    expect(() => converter.convert("1", "JPY", "USD", "2026-03-05")).toThrow("No JPY→USD exchange rate on or before 2026-03-05. Add one under Settings → Exchange rates.");
  });
});
