import { z } from "zod";

export const RECOMMENDATION_KINDS = ["right_size", "prompt_caching", "batch", "trim_context", "unpriced", "unattributed"] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
export const RECOMMENDATION_KIND_LABELS: Record<RecommendationKind, string> = {
  right_size: "Right-size the model",
  prompt_caching: "Turn on prompt caching",
  batch: "Move to batch",
  trim_context: "Trim the context",
  unpriced: "Price or map unpriced usage",
  unattributed: "Attribute unattributed spend",
};
export const RECOMMENDATION_STATUSES = ["open", "accepted", "dismissed", "snoozed"] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const RecommendationListQuerySchema = z.object({
  team: z.string().trim().min(1).max(100).optional(),
  status: z.enum(RECOMMENDATION_STATUSES).optional(),
});
export const DismissSchema = z.object({ reason: z.string().trim().min(1, "Say why: it helps the next person.").max(500) });
export const SnoozeSchema = z.object({ days: z.coerce.number().int().min(1, "Snooze for 1 to 90 days.").max(90, "Snooze for 1 to 90 days.").default(14) });

export type RealizedSaving = {
  /** Days measured after acceptance. */
  days: number;
  costPerRequestBefore: string;
  costPerRequestAfter: string;
  requestsPerMonth: string;
  /** (before − after) × requests per month, in the reporting currency. */
  monthlySaving: string;
};

export type RecommendationView = {
  id: string;
  kind: RecommendationKind;
  status: RecommendationStatus;
  title: string;
  action: string;
  teamId: string | null;
  teamName: string | null;
  workflowId: string | null;
  workflowName: string | null;
  provider: string | null;
  model: string | null;
  targetModel: string | null;
  monthlySaving: string;
  currency: string;
  confidence: "high" | "medium" | "low";
  evidence: { figures: Record<string, string>; series: { day: string; value: string }[]; seriesLabel: string };
  dismissReason: string | null;
  snoozedUntil: string | null;
  acceptedAt: string | null;
  /** For accepted ones with at least a day of usage since: what the change saved, measured. */
  realized: RealizedSaving | null;
  computedAt: string;
};
