import type { ApiOperation } from "@/lib/api/operations";
import { WhatIfAnswerSchema, WhatIfInputSchema } from "@/lib/what-if/schemas";

// The OpenAPI entry of the what-if simulator.

export const WHAT_IF_OPERATIONS: ApiOperation[] = [
  {
    method: "post",
    path: "/api/v1/what-if",
    summary: "What a workflow's or team's last 30 days would cost on another model, with an expected cache-hit share",
    tag: "spend",
    permission: "spend:read",
    body: WhatIfInputSchema.meta({ id: "WhatIfInput" }),
    response: {
      status: 200,
      schema: WhatIfAnswerSchema,
      description: "Today's cost (the explorer's effective spend of the last 30 days) against the same volume at the target model's price, per 30 days. Managers: only their teams and those teams' workflows.",
    },
    errors: [
      { status: 400, description: "validation_failed: no workflow or team, a target model not in the catalog (field `model`), or a cache-hit share outside 0–100 (field `cacheHitShare`)." },
      { status: 403, description: "A manager asking for a team they do not manage, or another team's workflow." },
      { status: 404, description: "No such workflow or team in this organization." },
      { status: 422, description: "missing_exchange_rate: spend, or the catalog's USD prices, with no rate to the reporting currency." },
    ],
  },
];
