import { z } from "zod";
import { BUDGET_PERIODS } from "@/lib/budgets/periods";

// Budgets: the same schemas for the API, the (coming) forms and the data layer.

const optionalId = z.string().trim().max(100).nullish().transform((value) => value || null);
const amount = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,2})?$/, "An amount with at most two decimals, e.g. 2500 or 2500.50.")
  .refine((value) => Number(value) > 0, "The amount must be above zero.");

export const DEFAULT_THRESHOLDS = [50, 80, 100] as const;

const thresholds = z
  .array(z.number().int("Whole percentages.").min(1, "Thresholds are between 1 and 1000 %.").max(1000, "Thresholds are between 1 and 1000 %."))
  .min(1, "At least one threshold.")
  .max(10, "At most ten thresholds.")
  .refine((values) => new Set(values).size === values.length, "Each threshold once.")
  .transform((values) => [...values].sort((a, b) => a - b));

const fields = {
  name: z.string().trim().min(1, "Name the budget.").max(120),
  period: z.enum(BUDGET_PERIODS),
  amount,
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "A three-letter currency code.").nullish(),
  thresholds,
  teamId: optionalId,
  workflowId: optionalId,
  provider: optionalId,
  model: z.string().trim().max(200).nullish().transform((value) => value || null),
  note: z.string().trim().max(1000).nullish().transform((value) => value || null),
  ownerUserId: optionalId,
  /** The dial's policy: "downgrade" at or above this percentage of the amount, "block" at or above that one. */
  downgradeAtPercent: z.number().int().min(1).max(1000).nullish(),
  blockAtPercent: z.number().int().min(1).max(1000).nullish(),
  /** Muted: alerts show in the app, nothing goes to channels. */
  muted: z.boolean().optional(),
  /** The organization's notification channels this budget's alerts go to. */
  channelIds: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
};

const policyOrder = (value: { downgradeAtPercent?: number | null; blockAtPercent?: number | null }) =>
  value.downgradeAtPercent == null || value.blockAtPercent == null || value.downgradeAtPercent < value.blockAtPercent;
const policyMessage = { message: "Downgrade must start below the block percentage.", path: ["downgradeAtPercent"] };

export const BudgetInputSchema = z.object({ ...fields, thresholds: fields.thresholds.default([...DEFAULT_THRESHOLDS]) }).refine(policyOrder, policyMessage);
export type BudgetInput = z.input<typeof BudgetInputSchema>;

export const BudgetPatchSchema = z
  .object(fields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one field.")
  .refine(policyOrder, policyMessage);

export const BUDGET_STATES = ["ok", "warning", "over"] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];

export type BudgetPeriodStatus = { label: string; from: string; to: string; actual: string; percent: string };

export type BudgetView = {
  id: string;
  name: string;
  period: (typeof BUDGET_PERIODS)[number];
  amount: string;
  currency: string;
  thresholds: number[];
  scope: { teamId: string | null; teamName: string | null; workflowId: string | null; workflowName: string | null; provider: string | null; model: string | null };
  note: string | null;
  ownerUserId: string | null;
  policy: { downgradeAtPercent: number | null; blockAtPercent: number | null };
  muted: boolean;
  channelIds: string[];
  current: BudgetPeriodStatus & { daysLeft: number; thresholdsCrossed: number[]; state: BudgetState };
  /** Period-end spend projected from the period so far with weekday seasonality (lib/budgets/forecast.ts). */
  forecast: BudgetForecast;
};

export type BudgetForecast = {
  /** Period-end spend, and a range around it (about 90 %). */
  value: string;
  low: string;
  high: string;
  /** The forecast as a percentage of the amount. */
  percent: string;
  /** "weekday": weekday means of the trailing four weeks; "run-rate": too little history, the period's daily average so far. */
  method: "weekday" | "run-rate";
};

export type BudgetDay = { day: string; actual: string; cumulative: string };
export type BudgetProjectionDay = { day: string; cumulative: string; low: string; high: string };
export type BudgetDriver = { id: string | null; name: string; amount: string };

export type BudgetDetail = BudgetView & {
  history: BudgetPeriodStatus[];
  /** The current period day by day up to today, and the forecast's path from tomorrow to the period's end. */
  daily: BudgetDay[];
  projection: BudgetProjectionDay[];
  /** What drives the spend this period: top workflows and models (amounts in the reporting currency). */
  drivers: { workflows: BudgetDriver[]; models: BudgetDriver[] };
  /** The explorer filtered to the budget's scope and period, relative to /<org slug>. */
  explorerLink: string;
};
