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
