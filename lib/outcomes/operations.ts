import { z } from "zod";
import type { ApiOperation } from "@/lib/api/operations";
import { GRANULARITIES } from "@/lib/analytics/schemas";
import { OUTCOME_CSV_HEADER, OUTCOME_SOURCES, OutcomeQuerySchema, OutcomesBodySchema, VERDICT_KINDS } from "@/lib/outcomes/schemas";

// The OpenAPI entries of /api/v1/outcomes. The shapes below mirror the types in lib/outcomes/schemas.ts.

const decimal = (description: string) => z.string().meta({ description: `${description} (a decimal string).` });
const ratio = (description: string) => decimal(description).nullable();

const FiguresSchema = z.object({
  spend: decimal("Effective spend in the reporting currency"),
  requests: decimal("Model requests"),
  tokens: decimal("Tokens"),
  outcomes: decimal("Outcomes, every kind together"),
  byKind: z.record(z.string(), z.string()).meta({ description: "Outcomes per kind." }),
  costPerOutcome: ratio("spend / outcomes; null without outcomes"),
  tokensPerRequest: ratio("tokens / requests; null without requests"),
  outcomeRate: ratio("outcomes / requests: outcomes per request; null without requests"),
});

const HalfSchema = z.object({ from: z.string(), to: z.string(), days: z.number(), tokensPerRequest: z.string().nullable(), outcomeRate: z.string().nullable() });

const OutcomeReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(GRANULARITIES),
    currency: z.string(),
    workflows: z.array(
      z.object({
        workflow: z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable() }),
        kinds: z.array(z.string()),
        totals: FiguresSchema,
        buckets: z.array(FiguresSchema.extend({ start: z.string().meta({ description: "The bucket's first day (a week starts on Monday)." }) })),
        verdict: z.object({
          kind: z.enum(VERDICT_KINDS),
          sentence: z.string().meta({ description: 'E.g. "Tokens per request rose 38 % while outcomes per request rose 2 %: the extra context bought little."' }),
          days: z.number().meta({ description: "Days with both usage and outcomes: the days compared (at least 7 for a verdict)." }),
          halves: z.tuple([HalfSchema, HalfSchema]).nullable(),
          tokensPerRequestChange: ratio("Second half against the first, in percent"),
          outcomeRateChange: ratio("Second half against the first, in percent"),
        }),
      }),
    ),
  })
  .meta({ id: "OutcomeReport" });

const OutcomeRecordSchema = z.object({
  workflowId: z.string(),
  workflowName: z.string(),
  day: z.string(),
  kind: z.string(),
  count: z.string(),
  source: z.enum(OUTCOME_SOURCES),
  updatedAt: z.string(),
});

const WriteResultSchema = z.object({
  received: z.number(),
  accepted: z.number().meta({ description: "Valid counts, now stored" }),
  created: z.number(),
  updated: z.number().meta({ description: "Replaced a different count for the same workflow, day and kind" }),
  unchanged: z.number().meta({ description: "Resent with the same count: nothing changed (a retry never counts twice)" }),
  rejected: z.number(),
  errors: z.array(z.object({ index: z.number(), field: z.string().nullable(), reason: z.string() })),
});

export const OUTCOME_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/outcomes",
    summary: "Cost per outcome per workflow over time, and whether more tokens per request bought more outcomes (?view=list: the stored counts)",
    tag: "outcomes",
    permission: "outcomes:read",
    query: OutcomeQuerySchema,
    response: {
      status: 200,
      schema: z.union([
        z.object({ report: OutcomeReportSchema }),
        z.object({ outcomes: z.array(OutcomeRecordSchema), truncated: z.boolean().meta({ description: "More than 20,000 counts: narrow the range." }) }),
      ]),
      description: "view=report (default; needs spend:read as well): per workflow with outcomes, spend, outcomes and their ratios per bucket, and the verdict. view=list: the counts.",
    },
    errors: [{ status: 422, description: "Spend in a currency with no exchange rate to the reporting currency." }],
  },
  {
    method: "post",
    path: "/api/v1/outcomes",
    summary: "Send outcome counts per workflow, day and kind (up to 10,000): a resend replaces the count",
    tag: "outcomes",
    permission: "outcomes:write",
    bodyContent: {
      "application/json": { schema: OutcomesBodySchema.meta({ id: "Outcomes" }) },
      "text/csv": {
        schema: z.string().meta({ description: `A CSV with the header ${OUTCOME_CSV_HEADER} (any order and case). Strict: any invalid row (reported by row number and column) and nothing is written.` }),
      },
    },
    response: { status: 200, schema: WriteResultSchema, description: "Written. JSON: each invalid item is listed with its index and reason; the valid ones are written." },
  },
];
