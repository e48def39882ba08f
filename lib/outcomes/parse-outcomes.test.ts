import { describe, expect, it } from "vitest";
import { describeRowErrors, parseOutcomesCsv, parseOutcomesJson, toItemErrors, toRowErrors } from "@/lib/outcomes/parse-outcomes";

const today = "2026-03-10";

describe("outcome bodies", () => {
  it("reads a JSON array item by item, naming each problem by index and field", () => {
    const parsed = parseOutcomesJson(
      [
        { workflow: "Support copilot", day: "2026-03-09", kind: "  Tickets   Resolved ", count: 412 },
        { workflow: "wf_1", day: "2026-03-11", kind: "documents reviewed", count: "12.5" },
        { workflow: "x", day: "2026-02-30", kind: "a", count: -1 },
        { workflow: "x", day: "2026-03-12", kind: "a", count: "1.23456" },
        { workflow: "x", day: "2026-03-01", kind: "a", count: 1, note: "hi" },
        "not an object",
        { workflow: "x", day: "2026-13-01", kind: "a", count: 1 },
      ],
      { today },
    );
    expect(parsed.received).toBe(7);
    expect(parsed.outcomes).toEqual([
      { at: 0, workflow: "Support copilot", day: "2026-03-09", kind: "tickets resolved", count: "412" },
      { at: 1, workflow: "wf_1", day: "2026-03-11", kind: "documents reviewed", count: "12.5" },
    ]);
    expect(toItemErrors(parsed.problems)).toEqual([
      { index: 2, field: "day", reason: "is not a calendar day" },
      { index: 2, field: "count", reason: "must be a number ≥ 0 with at most 4 decimals" },
      { index: 3, field: "count", reason: "must be a number ≥ 0 with at most 4 decimals" },
      { index: 4, field: "note", reason: "is not a field of an outcome (workflow, day, kind, count)" },
      { index: 5, field: null, reason: "must be a JSON object with workflow, day, kind and count" },
      { index: 6, field: "day", reason: "is not a calendar day" },
    ]);
  });

  it("refuses a day after the organization's tomorrow", () => {
    const parsed = parseOutcomesJson([{ workflow: "x", day: "2026-03-12", kind: "a", count: 1 }], { today });
    expect(toItemErrors(parsed.problems)).toEqual([{ index: 0, field: "day", reason: "is in the future (the latest day accepted now is 2026-03-11)" }]);
  });

  it("refuses a body that is not an array of 1 to 10,000 outcomes as a whole", () => {
    expect(toItemErrors(parseOutcomesJson({ workflow: "x" }, { today }).problems)).toEqual([{ index: -1, field: null, reason: "The body must be a JSON array of outcomes; got an object." }]);
    expect(parseOutcomesJson([], { today }).problems[0]!.reason).toBe("The body is an empty array: send at least one outcome.");
    expect(parseOutcomesJson(Array.from({ length: 10_001 }, () => ({})), { today }).problems[0]!.reason).toBe("The body has 10,001 outcomes; send at most 10,000 per request.");
  });

  it("reads a CSV with the header in any order and case, naming each problem by row and column", () => {
    const parsed = parseOutcomesCsv("\uFEFFKind,Day,Workflow,COUNT,note\r\ntickets resolved,2026-03-09,Support copilot,412,ok\n\ndocuments reviewed,2026-03-9,Legal,3,\nx,2026-03-01,Legal,abc,\ny,2026-03-01\n", { today });
    expect(parsed.received).toBe(4);
    expect(parsed.outcomes).toEqual([{ at: 1, workflow: "Support copilot", day: "2026-03-09", kind: "tickets resolved", count: "412" }]);
    const errors = toRowErrors(parsed.problems);
    expect(errors).toEqual([
      { rowNumber: 2, column: "day", value: "2026-03-9", reason: "must be a day as YYYY-MM-DD" },
      { rowNumber: 3, column: "count", value: "abc", reason: "must be a number ≥ 0 with at most 4 decimals" },
      { rowNumber: 4, column: null, value: null, reason: "has 2 columns; the header has 5" },
    ]);
    expect(describeRowErrors(errors, 2)).toBe("Row 2, day: must be a day as YYYY-MM-DD. Row 3, count: must be a number ≥ 0 with at most 4 decimals. …and 1 more problem.");
  });

  it("refuses a CSV without the four columns, or that does not parse", () => {
    expect(toRowErrors(parseOutcomesCsv("day,workflow,count\n2026-03-01,x,1\n", { today }).problems)).toEqual([
      { rowNumber: null, column: null, value: null, reason: "The header has no kind column: the first line is day,workflow,kind,count." },
    ]);
    expect(parseOutcomesCsv("", { today }).problems[0]!.reason).toBe("The file is empty: its first line is the header day,workflow,kind,count.");
    expect(parseOutcomesCsv('day,workflow,kind,count\n2026-03-01,"x,a,1\n', { today }).problems[0]!.reason).toMatch(/^The file is not valid CSV: /);
  });
});
