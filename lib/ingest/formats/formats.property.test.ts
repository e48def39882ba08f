import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapRowAsPipeline, readFixture } from "@/lib/ingest/formats/map-fixture";
import { detectFormat } from "@/lib/ingest/registry";
import { TOKEN_BUCKETS } from "@/lib/ingest/types";

// Every built-in format, from its real fixture: detection never throws on any header, and a real row with any
// cells replaced by anything (wrong types, huge values, formulas, empty) maps to records, a skip, or errors that
// name a column of the file; never an exception, never a negative or fractional token count.

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".csv"))
  .map((name) => {
    const { headers, rows } = readFixture(path.join(FIXTURES, name));
    const detection = detectFormat(headers);
    if (!detection.ok) throw new Error(`${name}: ${detection.message}`);
    return { name, headers, rows, mapper: detection.mapper };
  });

const hostileCell = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("", " ", "-1", "-0", "1e309", "NaN", "Infinity", "12k", "1,5", "0x10", "99999999999999999999999999", "2026-02-30", "2099-01-01", "=1+2", "null", "\u0000", "💸"),
  fc.double().map(String),
  fc.integer().map(String),
  fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01") }).map((date) => (Number.isNaN(date.getTime()) ? "" : date.toISOString())),
);

describe("format detection and mapping, on any input", () => {
  it("detects any header without throwing, and each fixture as some format", () => {
    expect(fixtures.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }), (headers) => {
        const detection = detectFormat(headers);
        if (!detection.ok) expect(detection.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("%s: a row with hostile cells maps or explains", (_name, fixture) => {
    fc.assert(
      fc.property(
        fc.nat({ max: fixture.rows.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: fixture.headers.length - 1 }), hostileCell), { minLength: 1, maxLength: 4 }),
        (rowIndex, replacements) => {
          const row = { ...fixture.rows[rowIndex]! };
          for (const [column, value] of replacements) row[fixture.headers[column]!] = value;
          const outcome = mapRowAsPipeline(fixture.mapper, row, { rowNumber: rowIndex + 1, now: new Date("2026-11-29T00:00:00Z") });
          if (outcome.kind === "invalid") {
            expect(outcome.issues.length).toBeGreaterThan(0);
            for (const issue of outcome.issues) {
              expect(issue.reason.length).toBeGreaterThan(0);
              if (issue.column !== null) expect(fixture.headers.map((header) => header.toLowerCase().replace(/[^a-z0-9]/g, ""))).toContain(issue.column.toLowerCase().replace(/[^a-z0-9]/g, ""));
            }
          } else if (outcome.kind === "records") {
            for (const record of outcome.records) {
              for (const bucket of TOKEN_BUCKETS) {
                const count = record.tokens[bucket];
                expect(Number.isSafeInteger(count) && count >= 0, `${bucket} = ${count}`).toBe(true);
              }
              for (const cost of [record.billedCost, record.estimatedCost]) if (cost !== null) expect(cost).toMatch(/^-?\d+(\.\d+)?$/);
              expect(Number.isSafeInteger(record.requests) && record.requests >= 0, `requests = ${record.requests}`).toBe(true);
              expect(Number.isNaN(record.periodStart.getTime()) || Number.isNaN(record.periodEnd.getTime())).toBe(false);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
