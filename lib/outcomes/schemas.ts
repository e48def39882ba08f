import { z } from "zod";
import { GRANULARITIES, type Granularity } from "@/lib/analytics/schemas";

// Outcomes (issue 8): what a workflow achieved per day, e.g. 412 "tickets resolved", sent by the API (JSON) or as a
// CSV. The same schemas serve the API, the upload form and the data layer. Safe to import from client components.

export const MAX_OUTCOMES_PER_REQUEST = 10_000;
/** JSON and CSV bodies alike: 10,000 rows of a few dozen characters fit well inside. */
export const MAX_OUTCOME_BODY_BYTES = 1024 * 1024;
export const OUTCOME_CSV_HEADER = "day,workflow,kind,count";
export const OUTCOME_CSV_COLUMNS = ["day", "workflow", "kind", "count"] as const;
export type OutcomeColumn = (typeof OUTCOME_CSV_COLUMNS)[number];
export const OUTCOME_SOURCES = ["api", "upload"] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

const EARLIEST_DAY = "2015-01-01";
const COUNT_PATTERN = /^\d{1,16}(\.\d{1,4})?$/;

const isoDay = z
  .string({ error: "is required: a day as YYYY-MM-DD" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a day as YYYY-MM-DD", abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, { error: "is not a calendar day", abort: true })
  .refine((value) => value >= EARLIEST_DAY, { error: "must not be before 2015" });

/** One outcome count. The day is checked against the organization's today by the data layer. */
export const OutcomeInputSchema = z
  .strictObject({
    workflow: z
      .string({ error: "is required: the workflow's id or name" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(200, { error: "must be at most 200 characters" })
      .describe("The workflow's id, or its name (matched without regard to case)."),
    day: isoDay.describe("The day the outcomes happened, in the organization's time zone: YYYY-MM-DD."),
    kind: z
      .string({ error: 'is required: what is counted, e.g. "tickets resolved"' })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(100, { error: "must be at most 100 characters" })
      // "Tickets resolved" and "tickets  resolved" are the same count: one row, replaced by a resend.
      .transform((value) => value.replace(/\s+/g, " ").toLowerCase())
      .describe('What is counted, e.g. "tickets resolved", "documents reviewed". Stored in lower case.'),
    count: z
      .union([z.string(), z.number()], { error: 'is required: a number ≥ 0, e.g. 412 or "412.5"' })
      .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
      .refine((value) => COUNT_PATTERN.test(value), { error: "must be a number ≥ 0 with at most 4 decimals" })
      .describe("How many, ≥ 0, at most 4 decimals: a decimal string or a JSON number."),
  })
  .describe("The outcomes of one workflow on one day, of one kind. Sending the same workflow, day and kind again replaces the count.");
export type OutcomeInput = z.input<typeof OutcomeInputSchema>;
export type ParsedOutcome = z.output<typeof OutcomeInputSchema>;

/** The JSON body of POST /api/v1/outcomes (the OpenAPI document's view; parse-outcomes.ts checks item by item). */
export const OutcomesBodySchema = z
  .array(OutcomeInputSchema)
  .min(1)
  .max(MAX_OUTCOMES_PER_REQUEST)
  .describe(`A JSON array of 1 to ${MAX_OUTCOMES_PER_REQUEST.toLocaleString("en-US")} outcome counts.`);

/** A problem with one JSON item (index in the array; -1: the body as a whole), as the usage push API reports. */
export type OutcomeItemError = { index: number; field: string | null; reason: string };
/** A problem with one CSV row (1 = the first row after the header; null: the file as a whole), as uploads report. */
export type OutcomeRowError = { rowNumber: number | null; column: string | null; value: string | null; reason: string };

export type OutcomeWriteResult = {
  received: number;
  /** Valid counts, now stored: created + updated + unchanged. */
  accepted: number;
  created: number;
  /** Replaced a different count for the same workflow, day and kind. */
  updated: number;
  /** Resent with the same count: nothing changed. */
  unchanged: number;
  rejected: number;
  errors: OutcomeItemError[];
};

const queryDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");

/** GET /api/v1/outcomes: the report (default) or the stored counts, over a range of days. */
export const OutcomeQuerySchema = z
  .object({
    from: queryDay.optional().describe("First day, YYYY-MM-DD. Default: 29 days before `to`."),
    to: queryDay.optional().describe("Last day, YYYY-MM-DD. Default: today in the organization's time zone."),
    workflow: z.string().trim().min(1).max(100).optional().describe("Only this workflow (its id)."),
    granularity: z.enum(GRANULARITIES).default("day").describe("The report's buckets: day, week (from Monday) or month."),
    view: z.enum(["report", "list"]).default("report").describe("report: spend and cost per outcome per workflow, with the verdict. list: the stored counts."),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to.", path: ["to"] })
  .refine((query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 <= 366, { message: "Ask for at most a year at once.", path: ["to"] });
export type OutcomeQuery = z.output<typeof OutcomeQuerySchema>;

export type OutcomeRecord = { workflowId: string; workflowName: string; day: string; kind: string; count: string; source: OutcomeSource; updatedAt: string };

/** Sums over a set of days, with the ratios derived from them (decimal strings; null where the denominator is 0). */
export type OutcomeFigures = {
  /** Effective spend in the organization's reporting currency. */
  spend: string;
  requests: string;
  tokens: string;
  /** All kinds together. */
  outcomes: string;
  byKind: Record<string, string>;
  costPerOutcome: string | null;
  tokensPerRequest: string | null;
  /** Outcomes per request. */
  outcomeRate: string | null;
};

export const VERDICT_KINDS = [
  "not_enough_data",
  "more_tokens_more_outcomes",
  "more_tokens_little_gain",
  "more_tokens_fewer_outcomes",
  "fewer_tokens_same_outcomes",
  "fewer_tokens_fewer_outcomes",
  "steady_tokens",
] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export type HalfFigures = { from: string; to: string; days: number; tokensPerRequest: string | null; outcomeRate: string | null };

export type OutcomeVerdict = {
  kind: VerdictKind;
  sentence: string;
  /** Days with both usage and outcomes, the only days compared. */
  days: number;
  halves: [HalfFigures, HalfFigures] | null;
  /** Second half against the first, in percent (decimal strings). */
  tokensPerRequestChange: string | null;
  outcomeRateChange: string | null;
};

export type WorkflowOutcomes = {
  workflow: { id: string; name: string; teamId: string | null };
  kinds: string[];
  totals: OutcomeFigures;
  buckets: (OutcomeFigures & { start: string })[];
  verdict: OutcomeVerdict;
};

export type OutcomeReport = {
  from: string;
  to: string;
  granularity: Granularity;
  currency: string;
  /** Workflows with outcomes in the range, most spend first. */
  workflows: WorkflowOutcomes[];
};
