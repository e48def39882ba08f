import { z } from "zod";
import type { ApiOperation } from "@/lib/api/operations";
import { AlertListQuerySchema, ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, DELIVERY_STATUSES } from "@/lib/alerts/schemas";
import { DialQuerySchema, DIAL_DECISIONS } from "@/lib/budgets/dial";

// The OpenAPI entries of the alert routes and the budget dial.

const AlertSchema = z
  .looseObject({
    id: z.string(),
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    status: z.enum(ALERT_STATUSES),
    title: z.string(),
    message: z.string(),
    budgetId: z.string().nullable(),
    figures: z.record(z.string(), z.string()).meta({ description: "The figures when it fired, decimal strings: actual, amount, percent, forecast, baseline, ..." }),
    link: z.string().nullable().meta({ description: "The explorer (or uploads, connections) view of the cause, relative to /<org slug>." }),
    createdAt: z.string(),
    rearmed: z.boolean(),
    deliveries: z.array(z.looseObject({ channelId: z.string(), channelName: z.string(), status: z.enum(DELIVERY_STATUSES), attempts: z.number(), lastError: z.string().nullable() })),
  })
  .meta({ id: "Alert" });

const DialSchema = z
  .object({
    decision: z.enum(DIAL_DECISIONS),
    downgradeTo: z.string().nullable(),
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
    workflow: z.object({ id: z.string(), name: z.string() }).nullable(),
    model: z.string().nullable(),
    provider: z.string().nullable(),
    budgets: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        period: z.string(),
        periodLabel: z.string(),
        amount: z.string(),
        currency: z.string(),
        actual: z.string(),
        percent: z.string(),
        forecast: z.string(),
        forecastPercent: z.string(),
        policy: z.object({ downgradeAtPercent: z.number().nullable(), blockAtPercent: z.number().nullable() }),
        decision: z.enum(DIAL_DECISIONS),
        reason: z.string(),
      }),
    ),
    evaluatedAt: z.string(),
  })
  .meta({ id: "BudgetStatus" });

export const ALERT_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/alerts",
    summary: "Alerts, newest first, with filters and their delivery status",
    tag: "alerts",
    permission: "alerts:read",
    query: AlertListQuerySchema,
    response: { status: 200, schema: z.object({ alerts: z.array(AlertSchema) }), description: "Managers get the alerts of their teams' budgets and their teams' and workflows' anomalies." },
  },
  {
    method: "post",
    path: "/api/v1/alerts/{id}/ack",
    summary: "Acknowledge an alert",
    tag: "alerts",
    permission: "alerts:write",
    params: z.object({ id: z.string().meta({ description: "The alert id." }) }),
    response: { status: 200, schema: z.object({ alert: AlertSchema }), description: "The alert, acknowledged (idempotent)." },
  },
  {
    method: "get",
    path: "/api/v1/budgets/status",
    summary: "The dial: where the budgets that apply to a request stand, and ok / warn / downgrade / block",
    tag: "budgets",
    permission: "budgets:read",
    query: DialQuerySchema,
    response: { status: 200, schema: DialSchema, description: "The strictest decision of the budgets that apply, each budget's figures and reason." },
    errors: [{ status: 404, description: "No such team or workflow." }],
  },
];
