import { describe, expect, it } from "vitest";
import { actorForToken } from "@/lib/auth/actor";
import { hashSecret } from "@/lib/auth/secret-token";
import { db } from "@/lib/db";
import { removeMember } from "@/lib/members/mutations";
import { createTeam } from "@/lib/teams/mutations";
import { listTeams } from "@/lib/teams/queries";
import { createApiToken, revokeApiToken } from "@/lib/tokens/mutations";
import { listApiTokens } from "@/lib/tokens/queries";
import { createOrgWithPeople, errorCode } from "@/test/factories";

describe("API tokens", () => {
  it("is shown once and stored only as a hash", async () => {
    const { actors } = await createOrgWithPeople();
    const { token, secret } = await createApiToken(actors.admin, { name: "gateway", scopes: ["teams:read"], expiresInDays: 30 });
    expect(secret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(token)).not.toContain(secret);
    expect(token.prefix).toBe(secret.slice(0, 9));
    expect(new Date(token.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("authenticates as its member, limited by its scopes, and records when it was last used", async () => {
    const { actors, users } = await createOrgWithPeople();
    const { token, secret } = await createApiToken(actors.admin, { name: "reader", scopes: ["teams:read"] });
    const actor = await actorForToken(secret);
    expect(actor).toMatchObject({ kind: "token", userId: users.admin.id, role: "ADMIN", tokenId: token.id });
    expect(await listTeams(actor)).toHaveLength(3);
    expect(await errorCode(createTeam(actor, { name: "Nope" }))).toBe("forbidden");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();
  });

  it("never gives a finance member's token more than finance may", async () => {
    const { actors } = await createOrgWithPeople();
    const { secret } = await createApiToken(actors.finance, { name: "finance all", scopes: ["all"] });
    expect(await errorCode(createTeam(await actorForToken(secret), { name: "Finance team" }))).toBe("forbidden");
  });

  it("stops working when revoked, expired, unknown, or when its member leaves", async () => {
    const { actors, users } = await createOrgWithPeople();
    const revoked = await createApiToken(actors.admin, { name: "r", scopes: ["all"] });
    await revokeApiToken(actors.admin, revoked.token.id);
    expect(await errorCode(actorForToken(revoked.secret))).toBe("unauthenticated");

    const expired = await createApiToken(actors.admin, { name: "e", scopes: ["all"], expiresInDays: 1 });
    await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCode(actorForToken(expired.secret))).toBe("unauthenticated");

    expect(await errorCode(actorForToken("tl_not-a-real-token"))).toBe("unauthenticated");

    const leaver = await createApiToken(actors.finance, { name: "leaver", scopes: ["all"] });
    await db.membership.deleteMany({ where: { userId: users.finance.id } });
    expect(await errorCode(actorForToken(leaver.secret))).toBe("unauthenticated");
  });

  it("shows admins every token and others their own; others cannot revoke someone else's", async () => {
    const { actors, users } = await createOrgWithPeople();
    const adminToken = await createApiToken(actors.admin, { name: "admin's", scopes: ["all"] });
    await createApiToken(actors.manager, { name: "manager's", scopes: ["teams:read"] });
    expect((await listApiTokens(actors.admin)).map((token) => token.name).sort()).toEqual(["admin's", "manager's"]);
    expect((await listApiTokens(actors.manager)).map((token) => token.owner.id)).toEqual([users.manager.id]);
    expect(await errorCode(revokeApiToken(actors.manager, adminToken.token.id))).toBe("not_found");
    await removeMember(actors.admin, users.manager.id);
    expect((await listApiTokens(actors.admin)).find((token) => token.name === "manager's")?.revokedAt).not.toBeNull();
  });

  it("does not let a token mint tokens", async () => {
    const { actors } = await createOrgWithPeople();
    const { secret } = await createApiToken(actors.admin, { name: "all", scopes: ["all"] });
    expect(await errorCode(createApiToken(await actorForToken(secret), { name: "child", scopes: ["all"] }))).toBe("forbidden");
  });
});
