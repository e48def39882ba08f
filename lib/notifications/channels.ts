import "server-only";
import { randomBytes } from "node:crypto";
import type { DeliveryStatus } from "@/lib/alerts/schemas";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { db, type Prisma } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { assertFieldUrlAllowed } from "@/lib/net/outbound";
import { deliverNow } from "@/lib/notifications/delivery";
import {
  ChannelConfigSchema,
  ChannelInputSchema,
  ChannelPatchSchema,
  PATCH_FIELDS,
  type ChannelConfig,
  type ChannelKind,
  type ChannelView,
  type DeliveryView,
  type TestResult,
} from "@/lib/notifications/schemas";

// Notification channels of an organization. Reading is everyone's (finance picks channels for budgets); adding,
// changing, deleting and test-sending are the admins' (channels:write). The secret of a channel goes in encrypted
// and never comes out of this module except to the sender: views, the API and the audit log carry only its hint.

type ChannelRecord = Awaited<ReturnType<typeof db.notificationChannel.findFirstOrThrow>>;
type DeliveryRecord = Awaited<ReturnType<typeof db.alertDelivery.findFirstOrThrow>>;

const summary = (delivery: DeliveryRecord) => ({
  status: delivery.status as DeliveryStatus,
  attempts: delivery.attempts,
  lastError: delivery.lastError,
  createdAt: delivery.createdAt.toISOString(),
  deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
});

function toChannelView(channel: ChannelRecord, lastDelivery: DeliveryRecord | null): ChannelView {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind as ChannelKind,
    config: ChannelConfigSchema.parse(channel.config),
    secretHint: channel.secretHint,
    organizationAlerts: channel.organizationAlerts,
    createdAt: channel.createdAt.toISOString(),
    lastDelivery: lastDelivery ? summary(lastDelivery) : null,
  };
}

/** Enough to tell channels apart: the SMTP server without its credentials, the end of a Slack URL, a masked secret. */
function secretHintOf(kind: ChannelKind, secret: string): string {
  if (kind === "email") {
    const url = new URL(secret);
    return `${url.protocol}//${url.host}${url.password ? " (with password)" : ""}`;
  }
  if (kind === "slack") return `${new URL(secret).host}/…${secret.slice(-4)}`;
  return maskSecret(secret);
}

const auditView = (channel: ChannelRecord) => ({
  name: channel.name,
  kind: channel.kind,
  config: channel.config,
  organizationAlerts: channel.organizationAlerts,
  secretHint: channel.secretHint,
});

const nameTaken = (name: string | undefined) =>
  new AppError("conflict", `A channel named "${name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });

/**
 * The receiver's address is checked again at every send (a DNS answer can change); checking on save too tells the
 * admin at once that a private, loopback or link-local receiver will be refused.
 */
async function checkReceivers(fields: { smtpUrl?: string; webhookUrl?: string; url?: string }): Promise<void> {
  if (fields.smtpUrl) await assertFieldUrlAllowed("smtpUrl", fields.smtpUrl);
  if (fields.webhookUrl) await assertFieldUrlAllowed("webhookUrl", fields.webhookUrl, { httpsOnly: true });
  if (fields.url) await assertFieldUrlAllowed("url", fields.url, { httpsOnly: true });
}

async function findChannel(actor: Actor, id: string): Promise<ChannelRecord> {
  const channel = await db.notificationChannel.findFirst({ where: { id, orgId: actor.org.id } });
  if (!channel) throw AppError.notFound("Channel");
  return channel;
}

export async function listChannels(actor: Actor): Promise<ChannelView[]> {
  authorize(actor, "channels:read");
  const channels = await db.notificationChannel.findMany({
    where: { orgId: actor.org.id },
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  return channels.map(({ deliveries, ...channel }) => toChannelView(channel, deliveries[0] ?? null));
}

export async function getChannel(actor: Actor, id: string): Promise<ChannelView> {
  authorize(actor, "channels:read");
  const channel = await findChannel(actor, id);
  const last = await db.alertDelivery.findFirst({ where: { channelId: id }, orderBy: { createdAt: "desc" } });
  return toChannelView(channel, last);
}

/** Creates a channel. A webhook without a signing secret gets a generated one, returned here once and never again. */
export async function createChannel(actor: Actor, input: unknown): Promise<{ channel: ChannelView; signingSecret?: string }> {
  authorize(actor, "channels:write");
  const data = parseInput(ChannelInputSchema, input);
  await checkReceivers(data);
  let secret: string;
  let config: ChannelConfig;
  let generated: string | undefined;
  if (data.kind === "email") {
    secret = data.smtpUrl;
    config = { from: data.from, to: data.to };
  } else if (data.kind === "slack") {
    secret = data.webhookUrl;
    config = {};
  } else {
    if (!data.secret) generated = randomBytes(32).toString("hex");
    secret = data.secret || generated!;
    config = { url: data.url };
  }
  try {
    const channel = await db.$transaction(async (tx) => {
      const created = await tx.notificationChannel.create({
        data: {
          orgId: actor.org.id,
          name: data.name,
          kind: data.kind,
          config,
          secretEncrypted: encryptSecret(secret),
          secretHint: secretHintOf(data.kind, secret),
          organizationAlerts: data.organizationAlerts,
          createdById: actor.userId,
        },
      });
      await recordAudit(tx, auditWho(actor), { action: "channel.create", entityType: "notification_channel", entityId: created.id, after: auditView(created) });
      return created;
    });
    return { channel: toChannelView(channel, null), ...(generated ? { signingSecret: generated } : {}) };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
}

/** Changes a channel; only its own kind's fields apply, and an omitted secret is kept. */
export async function updateChannel(actor: Actor, id: string, input: unknown): Promise<ChannelView> {
  authorize(actor, "channels:write");
  const data = parseInput(ChannelPatchSchema, input);
  const channel = await findChannel(actor, id);
  const kind = channel.kind as ChannelKind;
  const foreign = Object.keys(data).filter((field) => !(PATCH_FIELDS[kind] as readonly string[]).includes(field));
  if (foreign.length > 0) {
    throw new AppError("validation_failed", `A ${kind} channel has no ${foreign.join(", ")}.`, {
      fieldErrors: Object.fromEntries(foreign.map((field) => [field, [`Not a setting of a ${kind} channel.`]])),
    });
  }
  await checkReceivers(data);
  const config = ChannelConfigSchema.parse(channel.config);
  const secret = data.smtpUrl ?? data.webhookUrl ?? data.secret;
  const changes: Prisma.NotificationChannelUpdateInput = {
    name: data.name,
    organizationAlerts: data.organizationAlerts,
    config: { ...config, ...(data.from ? { from: data.from } : {}), ...(data.to ? { to: data.to } : {}), ...(data.url ? { url: data.url } : {}) },
    ...(secret ? { secretEncrypted: encryptSecret(secret), secretHint: secretHintOf(kind, secret) } : {}),
  };
  try {
    const updated = await db.$transaction(async (tx) => {
      const saved = await tx.notificationChannel.update({ where: { id }, data: changes });
      await recordAudit(tx, auditWho(actor), {
        action: "channel.update",
        entityType: "notification_channel",
        entityId: id,
        before: auditView(channel),
        after: { ...auditView(saved), secretReplaced: Boolean(secret) },
      });
      return saved;
    });
    const last = await db.alertDelivery.findFirst({ where: { channelId: id }, orderBy: { createdAt: "desc" } });
    return toChannelView(updated, last);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
}

/** Deletes the channel with its delivery log, and takes it off every budget that sent to it. */
export async function deleteChannel(actor: Actor, id: string): Promise<void> {
  authorize(actor, "channels:write");
  const channel = await findChannel(actor, id);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE budget SET "channelIds" = array_remove("channelIds", ${id}), "updatedAt" = now()
      WHERE "orgId" = ${actor.org.id} AND ${id} = ANY("channelIds")`;
    await tx.notificationChannel.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "channel.delete", entityType: "notification_channel", entityId: id, before: auditView(channel) });
  });
}

/** Sends a test message now, through the same sender and delivery log as alerts (one attempt, no retries). */
export async function testChannel(actor: Actor, id: string): Promise<TestResult> {
  authorize(actor, "channels:write");
  const channel = await findChannel(actor, id);
  const delivery = await db.alertDelivery.create({ data: { orgId: actor.org.id, channelId: channel.id, alertId: null, status: "pending", nextAttemptAt: null } });
  const result = await deliverNow(delivery.id);
  await recordAudit(db, auditWho(actor), {
    action: "channel.test",
    entityType: "notification_channel",
    entityId: id,
    after: { deliveryId: delivery.id, ok: result.ok, responseStatus: result.responseStatus },
  });
  return { ok: result.ok, status: result.responseStatus, response: result.response, attempts: result.attempt, deliveryId: delivery.id };
}

/** Recent deliveries (newest first) with every attempt and what the receiver answered: of one channel, or all. */
export async function listDeliveries(actor: Actor, options: { channelId?: string; limit?: number } = {}): Promise<DeliveryView[]> {
  authorize(actor, "channels:read");
  if (options.channelId) await findChannel(actor, options.channelId);
  const deliveries = await db.alertDelivery.findMany({
    where: { orgId: actor.org.id, ...(options.channelId ? { channelId: options.channelId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.limit ?? 50, 200),
    include: { channel: { select: { name: true } }, alert: { select: { title: true } }, attemptLog: { orderBy: [{ attemptedAt: "desc" }, { attempt: "desc" }] } },
  });
  return deliveries.map((delivery) => ({
    ...summary(delivery),
    id: delivery.id,
    channelId: delivery.channelId,
    channelName: delivery.channel.name,
    alertId: delivery.alertId,
    alertTitle: delivery.alert?.title ?? (delivery.alertId ? null : "Test message"),
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    attemptLog: delivery.attemptLog.map((attempt) => ({
      attempt: attempt.attempt,
      ok: attempt.ok,
      responseStatus: attempt.responseStatus,
      response: attempt.response,
      durationMs: attempt.durationMs,
      attemptedAt: attempt.attemptedAt.toISOString(),
    })),
  }));
}
