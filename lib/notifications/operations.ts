import { z } from "zod";
import type { ApiOperation } from "@/lib/api/operations";
import { ChannelInputSchema, ChannelPatchSchema, ChannelSchema, DeliverySchema, TestResultSchema } from "@/lib/notifications/schemas";

// lib/api/operations.ts imports this list while it is still being evaluated, so nothing here may import a value
// from it (its IdParams would be uninitialized): the two small schemas below are this module's own.
const ChannelIdParams = z.object({ id: z.string().meta({ description: "The channel id." }) });
const Channel = ChannelSchema.meta({ id: "NotificationChannel" });

export const CHANNEL_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/channels",
    summary: "Notification channels (email, Slack, webhook), with each one's last delivery",
    tag: "alerts",
    permission: "channels:read",
    response: { status: 200, schema: z.object({ channels: z.array(Channel) }), description: "Channels; secrets are never included, only their hint." },
  },
  {
    method: "post",
    path: "/api/v1/channels",
    summary: "Add a channel: email through SMTP, a Slack incoming webhook, or a signed webhook (docs/webhooks.md)",
    tag: "alerts",
    permission: "channels:write",
    body: ChannelInputSchema.meta({ id: "NotificationChannelInput" }),
    response: {
      status: 201,
      schema: z.object({
        channel: Channel,
        signingSecret: z.string().optional().describe("A webhook's generated signing secret: returned here once, never again."),
      }),
      description: "The channel.",
    },
    errors: [{ status: 409, description: "A channel with this name exists already." }],
  },
  {
    method: "get",
    path: "/api/v1/channels/{id}",
    summary: "A notification channel",
    tag: "alerts",
    permission: "channels:read",
    params: ChannelIdParams,
    response: { status: 200, schema: z.object({ channel: Channel }), description: "The channel." },
  },
  {
    method: "patch",
    path: "/api/v1/channels/{id}",
    summary: "Change a channel: name, organization alerts, its kind's settings; a secret given replaces the stored one",
    tag: "alerts",
    permission: "channels:write",
    params: ChannelIdParams,
    body: ChannelPatchSchema.meta({ id: "NotificationChannelPatch" }),
    response: { status: 200, schema: z.object({ channel: Channel }), description: "The changed channel." },
  },
  {
    method: "delete",
    path: "/api/v1/channels/{id}",
    summary: "Delete a channel and its delivery log; budgets that sent to it stop doing so",
    tag: "alerts",
    permission: "channels:write",
    params: ChannelIdParams,
    response: { status: 200, schema: z.object({ deleted: z.literal(true) }), description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/v1/channels/{id}/test",
    summary: "Send a test message now; the answer is returned and logged like any delivery (not retried)",
    tag: "alerts",
    permission: "channels:write",
    params: ChannelIdParams,
    response: { status: 200, schema: z.object({ result: TestResultSchema }), description: "What the receiver answered; `ok` is false when it refused or did not answer." },
  },
  {
    method: "get",
    path: "/api/v1/channels/{id}/deliveries",
    summary: "The channel's 50 most recent deliveries, newest first, with every attempt and the receiver's answer",
    tag: "alerts",
    permission: "channels:read",
    params: ChannelIdParams,
    response: { status: 200, schema: z.object({ deliveries: z.array(DeliverySchema.meta({ id: "AlertDelivery" })) }), description: "Deliveries." },
  },
];
