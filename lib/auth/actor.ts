import "server-only";
import { headers } from "next/headers";
import { sessionUserId } from "@/lib/auth";
import { hashSecret } from "@/lib/auth/secret-token";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { permissionsOfScopes, type Permission, type Role } from "@/lib/permissions";
import { descendantTeamIds } from "@/lib/teams/descendant-team-ids";

// Who is calling, in which organization, with which rights. Every data-layer function takes an Actor and checks
// it (lib/auth/authorize.ts). Actors are only made here, from a verified session or API token and a membership
// read from the database; the brand keeps other code from assembling one by hand.

declare const actorBrand: unique symbol;

export type ActorOrganization = { id: string; slug: string; name: string; timeZone: string; currency: string };

export type Actor = {
  readonly [actorBrand]: true;
  readonly kind: "session" | "token";
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly tokenId: string | null;
  readonly org: ActorOrganization;
  readonly role: Role;
  /** For tokens: the permissions their scopes cover. Null for sessions (the role alone decides). */
  readonly tokenPermissions: ReadonlySet<Permission> | null;
  /** Teams the member manages, with their sub-teams. */
  readonly managedTeamIds: ReadonlySet<string>;
};

/** The actor for a user in an organization; not_found when the user is not a member (another tenant's org). */
export async function actorForUser(
  userId: string,
  orgSlug: string,
  token?: { id: string; scopes: string[] },
): Promise<Actor> {
  const membership = await db.membership.findFirst({
    where: { userId, organization: { slug: orgSlug } },
    include: { organization: true, user: true },
  });
  if (!membership) throw AppError.notFound("Organization");
  const { organization, user } = membership;
  let managedTeamIds: ReadonlySet<string> = new Set();
  const managed = await db.teamManager.findMany({ where: { orgId: organization.id, userId }, select: { teamId: true } });
  if (managed.length > 0) {
    const teams = await db.team.findMany({ where: { orgId: organization.id }, select: { id: true, parentId: true } });
    managedTeamIds = descendantTeamIds(
      managed.map((row) => row.teamId),
      teams,
    );
  }
  return {
    kind: token ? "token" : "session",
    userId,
    email: user.email,
    name: user.name,
    tokenId: token?.id ?? null,
    org: {
      id: organization.id,
      slug: organization.slug,
      name: organization.name,
      timeZone: organization.timeZone,
      currency: organization.currency,
    },
    role: membership.role,
    tokenPermissions: token ? permissionsOfScopes(token.scopes) : null,
    managedTeamIds,
  } as Actor;
}

/** The signed-in user's actor for an organization (pages and server actions). */
export async function sessionActor(orgSlug: string): Promise<Actor> {
  const userId = await sessionUserId();
  if (!userId) throw new AppError("unauthenticated", "Sign in to continue.");
  return actorForUser(userId, orgSlug);
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** An API token's actor: unauthenticated when the token is unknown, revoked, expired or its member left. */
export async function actorForToken(secret: string): Promise<Actor> {
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { organization: true } });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
    throw new AppError("unauthenticated", token ? "This API token is revoked or expired." : "The API token is not valid.");
  }
  const actor = await actorForUser(token.userId, token.organization.slug, token).catch(() => {
    throw new AppError("unauthenticated", "The member this API token belongs to has left the organization.");
  });
  // last used, at most once a minute per token, so busy clients do not write on every call.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return actor;
}

/**
 * The caller of an API request: a Bearer token, or else the session cookie. Sessions name the organization with
 * `?org=<slug>` or the X-TokenLedger-Org header; without either, the user's only (or first) organization is used.
 */
export async function requestActor(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = BEARER.exec(authorization);
    if (!match?.[1]) throw new AppError("unauthenticated", "Use an Authorization header of the form `Bearer <token>`.");
    return actorForToken(match[1]);
  }
  const userId = await sessionUserId();
  if (!userId) {
    throw new AppError("unauthenticated", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
  }
  const requested =
    new URL(request.url).searchParams.get("org") ?? (await headers()).get("x-tokenledger-org") ?? undefined;
  if (requested) return actorForUser(userId, requested);
  const first = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { organization: { select: { slug: true } } },
  });
  if (!first) throw AppError.notFound("Organization");
  return actorForUser(userId, first.organization.slug);
}
