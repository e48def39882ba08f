import { z } from "zod";
import { DELIVERY_STATUSES } from "@/lib/alerts/schemas";

// Notification channels: where alerts go. Shared by the settings page and the API; safe to import from the client.
// Each kind has one secret, stored encrypted and never returned (only a hint): the SMTP URL (it carries the
// password), the Slack incoming webhook URL (whoever has it can post), the webhook signing secret.

export const CHANNEL_KINDS = ["email", "slack", "webhook"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = { email: "Email (SMTP)", slack: "Slack", webhook: "Webhook" };

/**
 * Plain http is allowed only to this machine (local receivers, tests); anything else must be https. This is the
 * syntactic check (the form runs it too, so it cannot read the server's env). Unless
 * TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true, the server also refuses plain http on save, and loopback receivers on save
 * and at every send (lib/net/outbound.ts).
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const receiverUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "Use an https:// URL (plain http only to localhost, on single-host installs).");

const smtpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol) && new URL(value).hostname !== "", "Use smtp://user:password@host:587 or smtps://user:password@host:465.")
  .describe("smtp:// (STARTTLS when offered) or smtps:// (TLS), with user:password if the server needs them. Secret: stored encrypted, never returned.");

const emailAddress = z.email("Not an email address.").max(320);
const name = z.string().trim().min(1, "Name the channel.").max(100);
const organizationAlerts = z.boolean().describe("Also receives the alerts that belong to no budget: anomalies, unpriced usage, failed imports and syncs.");
const signingSecret = z.string().trim().min(16, "At least 16 characters.").max(200);

export const EmailChannelInputSchema = z.object({
  kind: z.literal("email"),
  name,
  smtpUrl,
  from: emailAddress.describe("The sender address."),
  to: z.array(emailAddress).min(1, "Add at least one recipient.").max(20, "At most 20 recipients."),
  organizationAlerts: organizationAlerts.default(true),
});

export const SlackChannelInputSchema = z.object({
  kind: z.literal("slack"),
  name,
  webhookUrl: receiverUrl.describe("The Slack incoming webhook URL (https://hooks.slack.com/services/…). Secret: stored encrypted, never returned."),
  organizationAlerts: organizationAlerts.default(true),
});

export const WebhookChannelInputSchema = z.object({
  kind: z.literal("webhook"),
  name,
  url: receiverUrl.describe("Where the signed JSON is POSTed."),
  secret: z
    .union([z.literal(""), signingSecret])
    .optional()
    .describe("The HMAC signing secret. Omit it and one is generated and returned once, in the create response only."),
  organizationAlerts: organizationAlerts.default(true),
});

export const ChannelInputSchema = z.discriminatedUnion("kind", [EmailChannelInputSchema, SlackChannelInputSchema, WebhookChannelInputSchema]);
export type ChannelInput = z.input<typeof ChannelInputSchema>;

/** A change to a channel of any kind; only the fields of its kind apply. An omitted secret is kept. */
export const ChannelPatchSchema = z.object({
  name: name.optional(),
  organizationAlerts: organizationAlerts.optional(),
  smtpUrl: smtpUrl.optional(),
  from: emailAddress.optional(),
  to: z.array(emailAddress).min(1).max(20).optional(),
  webhookUrl: receiverUrl.optional(),
  url: receiverUrl.optional(),
  secret: signingSecret.optional().describe("A replacement signing secret (webhook)."),
});
export type ChannelPatch = z.input<typeof ChannelPatchSchema>;

/** Which patch fields each kind takes. */
export const PATCH_FIELDS: Record<ChannelKind, readonly (keyof ChannelPatch)[]> = {
  email: ["name", "organizationAlerts", "smtpUrl", "from", "to"],
  slack: ["name", "organizationAlerts", "webhookUrl"],
  webhook: ["name", "organizationAlerts", "url", "secret"],
};

/** The settings that are not secret, as stored in notification_channel.config. */
export const ChannelConfigSchema = z.object({
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  url: z.string().optional(),
});
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;

export const DeliverySummarySchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export const ChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  config: ChannelConfigSchema,
  secretHint: z.string().describe("A masked hint of the secret; the secret itself is never returned."),
  organizationAlerts: z.boolean(),
  createdAt: z.string(),
  lastDelivery: DeliverySummarySchema.nullable(),
});
export type ChannelView = z.infer<typeof ChannelSchema>;

export const DeliveryAttemptSchema = z.object({
  attempt: z.number(),
  ok: z.boolean(),
  responseStatus: z.number().nullable().describe("HTTP status, or the SMTP reply code."),
  response: z.string().nullable().describe("The start of the answer or the error (at most 2,000 characters)."),
  durationMs: z.number(),
  attemptedAt: z.string(),
});
export type DeliveryAttemptView = z.infer<typeof DeliveryAttemptSchema>;

export const DeliverySchema = DeliverySummarySchema.extend({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  alertId: z.string().nullable().describe("Null for a test message."),
  alertTitle: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  attemptLog: z.array(DeliveryAttemptSchema).describe("Newest first."),
});
export type DeliveryView = z.infer<typeof DeliverySchema>;

export const TestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().nullable().describe("What the receiver answered: HTTP status or SMTP reply code."),
  response: z.string().nullable(),
  attempts: z.number(),
  deliveryId: z.string(),
});
export type TestResult = z.infer<typeof TestResultSchema>;
