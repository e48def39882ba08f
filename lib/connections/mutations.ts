import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { ProviderAuthError, type RetryPolicy } from "@/lib/connections/http";
import { CONNECTION_PROVIDERS, providerClient, type ConnectionProvider } from "@/lib/connections/providers";
import { getConnection, toRunView } from "@/lib/connections/queries";
import { ConnectionInputSchema, ConnectionPatchSchema, SyncRequestSchema, type RunView } from "@/lib/connections/schemas";
import { createRun } from "@/lib/connections/sync";
import { encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { assertFieldUrlAllowed } from "@/lib/net/outbound";
import { pool } from "@/lib/pg";

/** Queues a run for the job workers; tests run it in the foreground instead. */
export type Enqueue = (runId: string) => Promise<unknown>;
const toQueue: Enqueue = async (runId) => (await import("@/lib/jobs/runtime")).enqueueSync(runId);

/** Checking a key on save: quick, one retry, a clear answer. */
const CHECK_POLICY: RetryPolicy = { timeoutMs: 15_000, maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 };
const LABEL: Record<ConnectionProvider, string> = { openai: "OpenAI", anthropic: "Anthropic" };
const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The key is tried with a live call before anything is saved; what the provider said becomes a field error. */
async function checkKey(provider: ConnectionProvider, key: string, baseUrl: string | null, policy: RetryPolicy): Promise<void> {
  try {
    await providerClient(provider, { key, baseUrl, policy, stats: { requests: 0, retries: 0 } }).check();
  } catch (error) {
    if (error instanceof ProviderAuthError) {
      throw new AppError("validation_failed", `${LABEL[provider]} refused this key (${error.message}).`, {
        fieldErrors: { adminKey: [`${LABEL[provider]} refused this key: use an organization admin key.`] },
      });
    }
    throw new AppError("validation_failed", `Could not check the key with ${LABEL[provider]}: ${(error as Error).message}`, {
      fieldErrors: { [baseUrl ? "baseUrl" : "adminKey"]: [`No answer to the check: ${(error as Error).message}`] },
    });
  }
}

export async function createConnection(actor: Actor, input: unknown, options: { enqueue?: Enqueue; checkPolicy?: RetryPolicy } = {}) {
  authorize(actor, "connections:write");
  const data = parseInput(ConnectionInputSchema, input);
  if (!CONNECTION_PROVIDERS.includes(data.provider)) throw new AppError("validation_failed", "Pick OpenAI or Anthropic.");
  const baseUrl = data.baseUrl || null;
  // Checked again at every request (lib/connections/http.ts); on save, so a private address is a field error at once.
  if (baseUrl) await assertFieldUrlAllowed("baseUrl", baseUrl);
  if (await db.providerConnection.findFirst({ where: { orgId: actor.org.id, name: data.name } })) {
    throw new AppError("conflict", `A connection named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
  }
  await checkKey(data.provider, data.adminKey, baseUrl, options.checkPolicy ?? CHECK_POLICY);
  const backfillFrom = data.backfillFrom || isoDay(new Date(Date.now() - 90 * DAY_MS));
  let connectionId: string;
  try {
    connectionId = await db.$transaction(async (tx) => {
      const connection = await tx.providerConnection.create({
        data: {
          orgId: actor.org.id,
          provider: data.provider,
          name: data.name,
          keyCiphertext: encryptSecret(data.adminKey),
          keyHint: maskSecret(data.adminKey),
          baseUrl,
          backfillFrom: new Date(`${backfillFrom}T00:00:00Z`),
          backfillCursor: new Date(`${backfillFrom}T00:00:00Z`),
          createdById: actor.userId,
        },
      });
      // The audit keeps what was set, never the key.
      await recordAudit(tx, auditWho(actor), {
        action: "connection.create",
        entityType: "provider_connection",
        entityId: connection.id,
        after: { provider: data.provider, name: data.name, baseUrl, backfillFrom, keyHint: connection.keyHint },
      });
      return connection.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A connection named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
  const runId = await createRun(pool, connectionId, { trigger: "backfill", from: backfillFrom, to: isoDay(new Date()), createdById: actor.userId });
  if (runId) await (options.enqueue ?? toQueue)(runId);
  return getConnection(actor, connectionId);
}

/** Rename, change the base URL or the trailing window, or replace the key (checked; a failing connection resumes). */
export async function updateConnection(actor: Actor, id: string, input: unknown, options: { checkPolicy?: RetryPolicy } = {}) {
  authorize(actor, "connections:write");
  const data = parseInput(ConnectionPatchSchema, input);
  const connection = await db.providerConnection.findFirst({ where: { id, orgId: actor.org.id } });
  if (!connection) throw AppError.notFound("Connection");
  const baseUrl = data.baseUrl === undefined ? connection.baseUrl : data.baseUrl || null;
  if (data.baseUrl) await assertFieldUrlAllowed("baseUrl", data.baseUrl);
  if (data.adminKey) await checkKey(connection.provider as ConnectionProvider, data.adminKey, baseUrl, options.checkPolicy ?? CHECK_POLICY);
  try {
    await db.$transaction(async (tx) => {
      const updated = await tx.providerConnection.update({
        where: { id },
        data: {
          name: data.name,
          baseUrl,
          trailingDays: data.trailingDays,
          ...(data.adminKey ? { keyCiphertext: encryptSecret(data.adminKey), keyHint: maskSecret(data.adminKey), status: "active", statusMessage: null, nextSyncAt: new Date() } : {}),
        },
      });
      await recordAudit(tx, auditWho(actor), {
        action: "connection.update",
        entityType: "provider_connection",
        entityId: id,
        before: { name: connection.name, baseUrl: connection.baseUrl, trailingDays: connection.trailingDays, keyHint: connection.keyHint, status: connection.status },
        after: { name: updated.name, baseUrl: updated.baseUrl, trailingDays: updated.trailingDays, keyHint: updated.keyHint, status: updated.status },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A connection named "${data.name}" exists already.`, { fieldErrors: { name: ["Pick another name."] } });
    throw error;
  }
  return getConnection(actor, id);
}

/** "Sync now": a run over the given days (default: the trailing window to today). 409 while one is queued or running. */
export async function syncConnection(actor: Actor, id: string, input: unknown, options: { enqueue?: Enqueue } = {}): Promise<{ jobId: string; run: RunView }> {
  authorize(actor, "connections:write");
  const data = parseInput(SyncRequestSchema, input ?? {});
  const connection = await db.providerConnection.findFirst({ where: { id, orgId: actor.org.id } });
  if (!connection) throw AppError.notFound("Connection");
  if (connection.status === "failing") throw new AppError("conflict", `${connection.name} is failing: ${connection.statusMessage ?? "replace its admin key first."}`);
  const today = isoDay(new Date());
  const from = data.from ?? isoDay(new Date(Date.now() - connection.trailingDays * DAY_MS));
  const runId = await createRun(pool, id, { trigger: "manual", from, to: data.to ?? today, createdById: actor.userId });
  if (!runId) throw new AppError("conflict", "A sync of this connection is already queued or running; wait for it to finish.");
  await recordAudit(db, auditWho(actor), { action: "connection.sync", entityType: "provider_connection", entityId: id, after: { from, to: data.to ?? today, runId } });
  await (options.enqueue ?? toQueue)(runId);
  return { jobId: runId, run: toRunView(await db.jobRun.findUniqueOrThrow({ where: { id: runId } })) };
}

/** Deletes the connection and its run history; the usage it imported stays in the ledger (it is spend that happened). */
export async function deleteConnection(actor: Actor, id: string): Promise<void> {
  authorize(actor, "connections:write");
  const connection = await db.providerConnection.findFirst({ where: { id, orgId: actor.org.id } });
  if (!connection) throw AppError.notFound("Connection");
  await db.$transaction(async (tx) => {
    await tx.claudeCodeUsage.deleteMany({ where: { connectionId: id } });
    await tx.providerConnection.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), {
      action: "connection.delete",
      entityType: "provider_connection",
      entityId: id,
      before: { provider: connection.provider, name: connection.name, keyHint: connection.keyHint },
    });
  });
}
