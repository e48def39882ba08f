import { parse } from "csv-parse/sync";
import type { z } from "zod";
import {
  MAX_OUTCOMES_PER_REQUEST,
  OUTCOME_CSV_COLUMNS,
  OUTCOME_CSV_HEADER,
  OutcomeInputSchema,
  type OutcomeColumn,
  type OutcomeItemError,
  type OutcomeRowError,
  type ParsedOutcome,
} from "@/lib/outcomes/schemas";

// Outcome bodies, checked item by item before anything touches the database: a JSON array (each problem named by
// its index and field, like the usage push API) or a CSV with the header day,workflow,kind,count (each problem
// named by its row and column, like uploads). Workflow names are resolved later, by the data layer.

/** A valid outcome and where it came from: its index in the JSON array, or its CSV row (1 = first after the header). */
export type LocatedOutcome = ParsedOutcome & { at: number };
export type OutcomeProblem = { at: number; field: string | null; value: string | null; reason: string };
export type ParsedOutcomes = { outcomes: LocatedOutcome[]; problems: OutcomeProblem[]; received: number };

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

/** Problems of one item: the schema's, then a day after `latestDay` (the organization's tomorrow). */
function check(at: number, raw: unknown, latestDay: string, valueOf: (field: string) => string | null): { outcome: LocatedOutcome } | { problems: OutcomeProblem[] } {
  const parsed = OutcomeInputSchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.flatMap((issue) => problemsOf(at, issue, valueOf)) };
  if (parsed.data.day > latestDay) return { problems: [{ at, field: "day", value: parsed.data.day, reason: `is in the future (the latest day accepted now is ${latestDay})` }] };
  return { outcome: { ...parsed.data, at } };
}

function problemsOf(at: number, issue: z.core.$ZodIssue, valueOf: (field: string) => string | null): OutcomeProblem[] {
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ at, field: key, value: null, reason: "is not a field of an outcome (workflow, day, kind, count)" }));
  if (issue.path.length === 0) return [{ at, field: null, value: null, reason: "must be a JSON object with workflow, day, kind and count" }];
  const field = issue.path.map(String).join(".");
  return [{ at, field, value: valueOf(field), reason: issue.message }];
}

/** Today + 1 day: a customer east of the organization's time zone may already count tomorrow. */
export function latestOutcomeDay(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A JSON body. A body that is not an array of 1–10,000 items is one problem at index -1. */
export function parseOutcomesJson(body: unknown, options: { today: string }): ParsedOutcomes {
  if (!Array.isArray(body)) {
    const got = body === null ? "null" : typeof body === "object" ? "an object" : `a ${typeof body}`;
    return { outcomes: [], received: 0, problems: [{ at: -1, field: null, value: null, reason: `The body must be a JSON array of outcomes; got ${got}.` }] };
  }
  if (body.length === 0 || body.length > MAX_OUTCOMES_PER_REQUEST) {
    const reason = body.length === 0 ? "The body is an empty array: send at least one outcome." : `The body has ${plural(body.length, "outcome")}; send at most ${MAX_OUTCOMES_PER_REQUEST.toLocaleString("en-US")} per request.`;
    return { outcomes: [], received: body.length, problems: [{ at: -1, field: null, value: null, reason }] };
  }
  const latest = latestOutcomeDay(options.today);
  const outcomes: LocatedOutcome[] = [];
  const problems: OutcomeProblem[] = [];
  body.forEach((raw: unknown, index) => {
    const result = check(index, raw, latest, () => null);
    if ("outcome" in result) outcomes.push(result.outcome);
    else problems.push(...result.problems);
  });
  return { outcomes, problems, received: body.length };
}

/**
 * A CSV file: the header names day, workflow, kind and count in any order and case (other columns are ignored).
 * A header or syntax problem is one problem at row 0.
 */
export function parseOutcomesCsv(text: string, options: { today: string }): ParsedOutcomes {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ["\r\n", "\n"] }) as string[][];
  } catch (error) {
    return { outcomes: [], received: 0, problems: [{ at: 0, field: null, value: null, reason: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...rows] = records;
  if (!header) return { outcomes: [], received: 0, problems: [{ at: 0, field: null, value: null, reason: `The file is empty: its first line is the header ${OUTCOME_CSV_HEADER}.` }] };
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = OUTCOME_CSV_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length) {
    return { outcomes: [], received: rows.length, problems: [{ at: 0, field: null, value: null, reason: `The header has no ${missing.join(", ")} column: the first line is ${OUTCOME_CSV_HEADER}.` }] };
  }
  if (rows.length > MAX_OUTCOMES_PER_REQUEST) {
    const reason = `The file has ${plural(rows.length, "row")}; send at most ${MAX_OUTCOMES_PER_REQUEST.toLocaleString("en-US")} per file.`;
    return { outcomes: [], received: rows.length, problems: [{ at: 0, field: null, value: null, reason }] };
  }
  const position = Object.fromEntries(OUTCOME_CSV_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<OutcomeColumn, number>;
  const latest = latestOutcomeDay(options.today);
  const outcomes: LocatedOutcome[] = [];
  const problems: OutcomeProblem[] = [];
  rows.forEach((cells, index) => {
    const rowNumber = index + 1;
    if (cells.length < header.length) {
      problems.push({ at: rowNumber, field: null, value: null, reason: `has ${cells.length} columns; the header has ${header.length}` });
      return;
    }
    const raw = Object.fromEntries(OUTCOME_CSV_COLUMNS.map((column) => [column, cells[position[column]]!]));
    const result = check(rowNumber, raw, latest, (field) => raw[field as OutcomeColumn] ?? null);
    if ("outcome" in result) outcomes.push(result.outcome);
    else problems.push(...result.problems);
  });
  return { outcomes, problems, received: rows.length };
}

export function toItemErrors(problems: readonly OutcomeProblem[]): OutcomeItemError[] {
  return problems.map((problem) => ({ index: problem.at, field: problem.field, reason: problem.reason }));
}

export function toRowErrors(problems: readonly OutcomeProblem[]): OutcomeRowError[] {
  return problems.map((problem) => ({ rowNumber: problem.at > 0 ? problem.at : null, column: problem.field, value: problem.value, reason: problem.reason }));
}

/** "Row 3, count: must be …" lines for a message, at most `limit` of them. */
export function describeRowErrors(errors: readonly OutcomeRowError[], limit = 5): string {
  const shown = errors.slice(0, limit).map((error) => `${error.rowNumber === null ? "File" : `Row ${error.rowNumber}`}${error.column ? `, ${error.column}` : ""}: ${error.reason}.`);
  return [...shown, ...(errors.length > limit ? [`…and ${plural(errors.length - limit, "more problem")}.`] : [])].join(" ");
}
