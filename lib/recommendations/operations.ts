import { z } from "zod";
import type { ApiOperation } from "@/lib/api/operations";
import { DismissSchema, RecommendationListQuerySchema, RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES, SnoozeSchema } from "@/lib/recommendations/schemas";

// The OpenAPI entries of the recommendation routes.

const RecommendationSchema = z
  .looseObject({
    id: z.string(),
    kind: z.enum(RECOMMENDATION_KINDS),
    status: z.enum(RECOMMENDATION_STATUSES),
    title: z.string(),
    action: z.string(),
    workflowId: z.string().nullable(),
    teamId: z.string().nullable(),
    monthlySaving: z.string().meta({ description: "Estimated saving per 30 days, in the reporting currency." }),
    currency: z.string(),
    confidence: z.enum(["high", "medium", "low"]),
    evidence: z.looseObject({ figures: z.record(z.string(), z.string()) }),
    realized: z.looseObject({ monthlySaving: z.string(), days: z.number() }).nullable(),
  })
  .meta({ id: "Recommendation" });

const params = z.object({ id: z.string().meta({ description: "The recommendation id." }) });
const one = z.object({ recommendation: RecommendationSchema });

export const RECOMMENDATION_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/recommendations",
    summary: "Recommendations, largest saving first",
    tag: "recommendations",
    permission: "recommendations:read",
    query: RecommendationListQuerySchema,
    response: { status: 200, schema: z.object({ recommendations: z.array(RecommendationSchema) }), description: "Managers get their teams'." },
  },
  { method: "post", path: "/api/v1/recommendations/{id}/accept", summary: "Accept: the change is being made; its realized saving is measured from then", tag: "recommendations", permission: "recommendations:write", params, response: { status: 200, schema: one, description: "Accepted." } },
  { method: "post", path: "/api/v1/recommendations/{id}/dismiss", summary: "Dismiss with a reason (not raised again)", tag: "recommendations", permission: "recommendations:write", params, body: DismissSchema, response: { status: 200, schema: one, description: "Dismissed." } },
  { method: "post", path: "/api/v1/recommendations/{id}/snooze", summary: "Snooze for 1–90 days (default 14)", tag: "recommendations", permission: "recommendations:write", params, body: SnoozeSchema, response: { status: 200, schema: one, description: "Snoozed." } },
  {
    method: "post",
    path: "/api/v1/recommendations/refresh",
    summary: "Recompute the organization's recommendations now (also nightly)",
    tag: "recommendations",
    permission: "recommendations:write",
    response: { status: 200, schema: z.object({ open: z.number() }), description: "How many are open after the computation." },
  },
];
