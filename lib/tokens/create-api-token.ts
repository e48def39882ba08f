import { hashSecret, newSecret } from "@/lib/auth/secret-token";
import { recordAudit, type AuditWho } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/errors";
import { NewApiTokenSchema, TOKEN_PREFIX } from "@/lib/tokens/schemas";

/**
 * Creates a token acting for `userId` in `orgId` and returns its secret, the only time it exists in clear.
 * Unsafe (no actor): callers are the data layer's createApiToken, which authorizes first, and the CLI, which
 * runs with database access and so already holds every right.
 */
export async function unsafeCreateApiToken(who: AuditWho & { userId: string }, input: unknown) {
  const data = parseInput(NewApiTokenSchema, input);
  const secret = newSecret(TOKEN_PREFIX);
  const token = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        orgId: who.orgId,
        userId: who.userId,
        name: data.name,
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: hashSecret(secret),
        scopes: data.scopes,
        expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 24 * 60 * 60 * 1000) : null,
      },
    });
    await recordAudit(tx, who, {
      action: "api_token.create",
      entityType: "api_token",
      entityId: created.id,
      after: { name: created.name, prefix: created.prefix, scopes: created.scopes, userId: who.userId, expiresAt: created.expiresAt },
    });
    return created;
  });
  return { token, secret };
}
