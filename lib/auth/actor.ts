import "server-only";
import { headers } from "next/headers";
import { sessionUserId } from "@/lib/auth";
import { clientAddress } from "@/lib/auth/client-address";
import { hashSecret } from "@/lib/auth/secret-token";
import { recordFailedTokenAuthentication } from "@/lib/auth/token-limits";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { AppError, isAppError } from "@/lib/errors";
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

type TokenRow = {
  id: string;
  userId: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  orgId: string;
  slug: string;
  orgName: string;
  timeZone: string;
  currency: string;
  role: Role | null;
  email: string;
  name: string | null;
  managed: string[];
};

/**
 * An API token's actor: unauthenticated when the token is unknown, revoked, expired or its member left. Gateways
 * call per request (the budget dial), so the token, its organization, the member's role and the teams they manage
 * are one statement on the plain pool, not four ORM round trips; nothing is cached, so a revoked token or a changed
 * role counts from the next call.
 */
export async function actorForToken(secret: string): Promise<Actor> {
  const { rows } = await pool.query<TokenRow>(
    `SELECT t.id, t."userId", t.scopes, t."revokedAt", t."expiresAt", t."lastUsedAt", o.id AS "orgId", o.slug, o.name AS "orgName",
            o."timeZone", o.currency, m.role, u.email, u.name,
            ARRAY(SELECT tm."teamId" FROM team_manager tm WHERE tm."orgId" = t."orgId" AND tm."userId" = t."userId") AS managed
       FROM api_token t
       JOIN organization o ON o.id = t."orgId"
       JOIN "user" u ON u.id = t."userId"
       LEFT JOIN membership m ON m."orgId" = t."orgId" AND m."userId" = t."userId"
      WHERE t."tokenHash" = $1`,
    [hashSecret(secret)],
  );
  const token = rows[0];
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
    throw new AppError("unauthenticated", token ? "This API token is revoked or expired." : "The API token is not valid.");
  }
  if (!token.role) throw new AppError("unauthenticated", "The member this API token belongs to has left the organization.");
  let managedTeamIds: ReadonlySet<string> = new Set();
  if (token.managed.length > 0) {
    const teams = await db.team.findMany({ where: { orgId: token.orgId }, select: { id: true, parentId: true } });
    managedTeamIds = descendantTeamIds(token.managed, teams);
  }
  // last used, at most once a minute per token, so busy clients do not write on every call.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await pool.query(`UPDATE api_token SET "lastUsedAt" = $2 WHERE id = $1`, [token.id, now]);
  }
  const actor: Omit<Actor, typeof actorBrand> = {
    kind: "token",
    userId: token.userId,
    email: token.email,
    name: token.name,
    tokenId: token.id,
    org: { id: token.orgId, slug: token.slug, name: token.orgName, timeZone: token.timeZone, currency: token.currency },
    role: token.role,
    tokenPermissions: permissionsOfScopes(token.scopes),
    managedTeamIds,
  };
  return actor as Actor;
}

/**
 * The caller of an API request: a Bearer token, or else the session cookie. Sessions name the organization with
 * `?org=<slug>` or the X-TokenLedger-Org header; without either, the user's only (or first) organization is used.
 */
export async function requestActor(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    try {
      const match = BEARER.exec(authorization);
      if (!match?.[1]) throw new AppError("unauthenticated", "Use an Authorization header of the form `Bearer <token>`.");
      return await actorForToken(match[1]);
    } catch (error) {
      // Only failures are counted (one write each): a valid token costs nothing extra. Past the limit this
      // throws rate_limited, which the API answers with 429 and Retry-After.
      if (isAppError(error) && error.code === "unauthenticated") await recordFailedTokenAuthentication(clientAddress(request.headers));
      throw error;
    }
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
