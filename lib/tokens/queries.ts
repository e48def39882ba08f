import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize, mayAtAll } from "@/lib/auth/authorize";
import { db, type Prisma } from "@/lib/db";
import type { ApiTokenView } from "@/lib/tokens/schemas";

const tokenInclude = { user: { select: { id: true, email: true, name: true } } } as const satisfies Prisma.ApiTokenInclude;

export function toApiTokenView(token: Prisma.ApiTokenGetPayload<{ include: typeof tokenInclude }>): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    owner: token.user,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
  };
}

/** Admins see every token of the organization; everyone else sees their own. */
export async function listApiTokens(actor: Actor): Promise<ApiTokenView[]> {
  authorize(actor, "tokens:create");
  const everyone = mayAtAll(actor, "tokens:manage");
  const tokens = await db.apiToken.findMany({
    where: { orgId: actor.org.id, ...(everyone ? {} : { userId: actor.userId }) },
    include: tokenInclude,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return tokens.map(toApiTokenView);
}

export { tokenInclude };
