import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";

export type AuditRow = {
  id: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: string;
  before: unknown;
  after: unknown;
  createdAt: string;
};

export async function listAuditLog(actor: Actor, options: { limit?: number; before?: string } = {}): Promise<AuditRow[]> {
  authorize(actor, "audit:read");
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const rows = await db.auditLog.findMany({
    where: { orgId: actor.org.id, ...(options.before ? { createdAt: { lt: new Date(options.before) } } : {}) },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  const userIds = [...new Set(rows.map((row) => row.actorUserId).filter((id): id is string => id !== null))];
  const tokenIds = [...new Set(rows.map((row) => row.actorTokenId).filter((id): id is string => id !== null))];
  const [users, tokens] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    db.apiToken.findMany({ where: { id: { in: tokenIds }, orgId: actor.org.id }, select: { id: true, name: true } }),
  ]);
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  const tokenOf = new Map(tokens.map((token) => [token.id, token.name]));
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    actor:
      (row.actorUserId ? emailOf.get(row.actorUserId) ?? "deleted user" : "system") +
      (row.actorTokenId ? ` via token "${tokenOf.get(row.actorTokenId) ?? "deleted"}"` : ""),
    before: row.before,
    after: row.after,
    createdAt: row.createdAt.toISOString(),
  }));
}
