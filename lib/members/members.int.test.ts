import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { actorForUser } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { unsafeAcceptInvitation, unsafeInvitationState } from "@/lib/members/accept-invitation";
import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@/lib/members/mutations";
import { listMembers, listPendingInvitations } from "@/lib/members/queries";
import { unsafeCreateApiToken } from "@/lib/tokens/create-api-token";
import { createOrgWithPeople, errorCode } from "@/test/factories";

describe("members and invitations", () => {
  it("invites by email; the link creates the account, joins with the role, and works only once", async () => {
    const { org, actors } = await createOrgWithPeople();
    const email = `new.person.${randomUUID().slice(0, 8)}@example.test`;
    const { secret, invitation } = await inviteMember(actors.admin, { email: email.replace("new.person", "New.Person"), role: "MANAGER" });
    expect(invitation.email).toBe(email);
    expect(await unsafeInvitationState(secret)).toMatchObject({ status: "open", accountExists: false, orgSlug: org.slug });
    expect((await listPendingInvitations(actors.admin)).map((row) => row.email)).toEqual([email]);

    const joined = await unsafeAcceptInvitation(secret, { newAccount: { name: "New Person", password: "a fine password" } });
    expect(joined.orgSlug).toBe(org.slug);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword(user.passwordHash, "a fine password")).toBe(true);
    expect((await actorForUser(user.id, org.slug)).role).toBe("MANAGER");
    expect(await errorCode(unsafeAcceptInvitation(secret, { newAccount: { name: "Again", password: "a fine password" } }))).toBe("conflict");
    expect(await unsafeInvitationState(secret)).toEqual({ status: "used" });
    expect(await listPendingInvitations(actors.admin)).toEqual([]);
  });

  it("refuses expired, withdrawn, replaced and unknown links", async () => {
    const { actors } = await createOrgWithPeople();
    const expired = await inviteMember(actors.admin, { email: "late@example.test", role: "FINANCE" });
    await db.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCode(unsafeAcceptInvitation(expired.secret, { newAccount: { name: "L", password: "a fine password" } }))).toBe("conflict");

    const withdrawn = await inviteMember(actors.admin, { email: "gone@example.test", role: "FINANCE" });
    await revokeInvitation(actors.admin, withdrawn.invitation.id);
    expect(await unsafeInvitationState(withdrawn.secret)).toEqual({ status: "revoked" });

    const first = await inviteMember(actors.admin, { email: "twice@example.test", role: "FINANCE" });
    await inviteMember(actors.admin, { email: "twice@example.test", role: "ADMIN" });
    expect(await unsafeInvitationState(first.secret)).toEqual({ status: "revoked" });

    expect(await errorCode(unsafeAcceptInvitation("inv_nonsense", { newAccount: { name: "N", password: "a fine password" } }))).toBe("not_found");
    expect(await db.user.count({ where: { email: { in: ["late@example.test", "gone@example.test"] } } })).toBe(0);
  });

  it("makes an existing account sign in as itself to accept", async () => {
    const a = await createOrgWithPeople();
    const b = await createOrgWithPeople();
    const { secret } = await inviteMember(b.actors.admin, { email: a.users.finance.email, role: "FINANCE" });
    expect(await errorCode(unsafeAcceptInvitation(secret, { signedInUserId: a.users.admin.id }))).toBe("unauthenticated");
    // The refused attempt claimed nothing: the right person can still accept.
    await unsafeAcceptInvitation(secret, { signedInUserId: a.users.finance.id });
    expect((await actorForUser(a.users.finance.id, b.org.slug)).role).toBe("FINANCE");
  });

  it("only admins manage members; a member already in the organization is not invited again", async () => {
    const { actors, users } = await createOrgWithPeople();
    expect(await errorCode(inviteMember(actors.finance, { email: "x@example.test", role: "ADMIN" }))).toBe("forbidden");
    expect(await errorCode(inviteMember(actors.manager, { email: "x@example.test", role: "FINANCE" }))).toBe("forbidden");
    expect(await errorCode(changeMemberRole(actors.manager, users.finance.id, { role: "ADMIN" }))).toBe("forbidden");
    expect(await errorCode(inviteMember(actors.admin, { email: users.finance.email, role: "ADMIN" }))).toBe("conflict");
  });

  it("keeps at least one admin", async () => {
    const { actors, users } = await createOrgWithPeople();
    expect(await errorCode(changeMemberRole(actors.admin, users.admin.id, { role: "FINANCE" }))).toBe("conflict");
    expect(await errorCode(removeMember(actors.admin, users.admin.id))).toBe("conflict");
    await changeMemberRole(actors.admin, users.finance.id, { role: "ADMIN" });
    await changeMemberRole(actors.admin, users.admin.id, { role: "FINANCE" });
    expect((await listMembers(actors.finance)).find((member) => member.userId === users.admin.id)?.role).toBe("FINANCE");
  });

  it("removing a member revokes their tokens here and their team-manager roles", async () => {
    const { org, actors, users } = await createOrgWithPeople();
    await unsafeCreateApiToken({ orgId: org.id, userId: users.manager.id, actorUserId: users.manager.id, actorTokenId: null }, { name: "m", scopes: ["all"] });
    await removeMember(actors.admin, users.manager.id);
    expect(await db.apiToken.count({ where: { orgId: org.id, userId: users.manager.id, revokedAt: null } })).toBe(0);
    expect(await db.teamManager.count({ where: { orgId: org.id, userId: users.manager.id } })).toBe(0);
    expect(await errorCode(actorForUser(users.manager.id, org.slug))).toBe("not_found");
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "member.remove" } });
    expect(audit.before).toEqual({ email: users.manager.email, role: "MANAGER" });
  });
});
