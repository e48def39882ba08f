import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, csvRecord } from "@/lib/exports/csv";
import { FORMULA_START, neutralizeFormula, safeCell } from "@/lib/exports/safe-cell";

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
// Text biased towards what injection payloads start with.
const cellText = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "'", " "), fc.string()).map(([start, rest]) => start + rest),
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat({ max: 99_999_999 })).map(([negative, whole, fraction]) => `${negative ? "-" : ""}${whole}.${fraction}`),
);

describe("safeCell", () => {
  it("never returns a cell a spreadsheet would run, unless it is a plain number", () => {
    fc.assert(
      fc.property(cellText, (value) => {
        const safe = safeCell(value);
        expect(!FORMULA_START.test(safe) || PLAIN_NUMBER.test(safe)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("changes nothing but a leading quote, and is idempotent", () => {
    fc.assert(
      fc.property(cellText, (value) => {
        const safe = safeCell(value);
        expect(safe === value || safe === `'${value}`).toBe(true);
        expect(safeCell(safe)).toBe(safe);
      }),
    );
  });

  it("keeps negative amounts as numbers and neutralizes payloads that start like one", () => {
    expect(safeCell("-12.50")).toBe("-12.50");
    expect(safeCell("-3")).toBe("-3");
    expect(safeCell("0.000001")).toBe("0.000001");
    expect(safeCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(safeCell("-1e3")).toBe("'-1e3");
    expect(safeCell("+1")).toBe("'+1");
    expect(safeCell('=HYPERLINK("http://evil.example","x")')).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(safeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(safeCell("\t=1")).toBe("'\t=1");
    expect(safeCell("\r=1")).toBe("'\r=1");
    expect(safeCell("Support")).toBe("Support");
    expect(safeCell("a=b")).toBe("a=b");
    expect(safeCell("")).toBe("");
  });

  it("neutralizeFormula (text-typed columns) quotes even a number-like name", () => {
    expect(neutralizeFormula("-1.5")).toBe("'-1.5");
    fc.assert(fc.property(cellText, (value) => !FORMULA_START.test(neutralizeFormula(value))));
  });

  it("every CSV field is safe once its quotes are removed", () => {
    fc.assert(
      fc.property(fc.array(fc.option(cellText, { nil: null }), { minLength: 1, maxLength: 6 }), (values) => {
        const line = csvRecord(values);
        expect(line.endsWith("\r\n")).toBe(true);
        for (const value of values) {
          const field = csvField(value);
          const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
          expect(!FORMULA_START.test(unquoted) || PLAIN_NUMBER.test(unquoted)).toBe(true);
        }
      }),
    );
  });
});
