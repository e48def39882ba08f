import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize, mayAtAll } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { consumeTokenCreation } from "@/lib/auth/token-limits";
import { db } from "@/lib/db";
import { AppError, parseInput } from "@/lib/errors";
import { unsafeCreateApiToken } from "@/lib/tokens/create-api-token";
import { toApiTokenView, tokenInclude } from "@/lib/tokens/queries";
import { NewApiTokenSchema } from "@/lib/tokens/schemas";

/** A member creates a token for themselves (at most 20 an hour); it never has more rights than their role. */
export async function createApiToken(actor: Actor, input: unknown) {
  authorize(actor, "tokens:create");
  // A token cannot mint tokens: otherwise a leaked narrow token could widen itself.
  if (actor.kind === "token") throw new AppError("forbidden", "API tokens cannot create API tokens; sign in to create one.");
  // Parsed before counting, so a form with a typo does not use up the hourly allowance.
  const data = parseInput(NewApiTokenSchema, input);
  await consumeTokenCreation(actor.org.id, actor.userId);
  const { token, secret } = await unsafeCreateApiToken({ ...auditWho(actor), userId: actor.userId }, data);
  const view = toApiTokenView(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, include: tokenInclude }));
  return { token: view, secret };
}

export async function revokeApiToken(actor: Actor, id: string): Promise<void> {
  authorize(actor, "tokens:create");
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, orgId: actor.org.id } });
    if (!token || (token.userId !== actor.userId && !mayAtAll(actor, "tokens:manage"))) throw AppError.notFound("API token");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, auditWho(actor), {
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: id,
      before: { name: token.name, prefix: token.prefix, userId: token.userId },
    });
  });
}
