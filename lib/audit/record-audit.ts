import type { Prisma, Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";

export type AuditWho = { orgId: string; actorUserId: string | null; actorTokenId: string | null };

export function auditWho(actor: Actor): AuditWho {
  return { orgId: actor.org.id, actorUserId: actor.userId, actorTokenId: actor.tokenId };
}

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

/** JSON-safe copy: Dates become ISO strings, undefined fields vanish. */
function snapshot(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Writes one audit row inside the caller's transaction, so the change and its record land together or not at all. */
export async function recordAudit(tx: Tx, who: AuditWho, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: who.orgId,
      actorUserId: who.actorUserId,
      actorTokenId: who.actorTokenId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    },
  });
}

/** The same audit row, written through a plain pg client (for ledger transactions that run outside Prisma). */
export async function recordAuditSql(client: { query: (sql: string, values: unknown[]) => Promise<unknown> }, who: AuditWho, entry: AuditEntry): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (id, "orgId", "actorUserId", "actorTokenId", action, "entityType", "entityId", before, after, "createdAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      who.orgId,
      who.actorUserId,
      who.actorTokenId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}
