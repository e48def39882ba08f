import { describe, expect, it } from "vitest";
import { actorForUser } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { unsafeCreateOrganization } from "@/lib/orgs/create-organization";
import { updateOrganization } from "@/lib/orgs/mutations";
import { organizationsOfUser } from "@/lib/orgs/queries";
import { createOrgWithPeople, errorCode, uniqueSlug } from "@/test/factories";

describe("organizations", () => {
  it("creates an organization with its first admin, audited", async () => {
    const slug = uniqueSlug("new");
    const email = `${slug}@example.test`;
    const { organization, userId } = await unsafeCreateOrganization({ name: "New Co", slug }, { email, name: "Founder", password: "a fine password" });
    expect((await actorForUser(userId, slug)).role).toBe("ADMIN");
    expect(await db.auditLog.count({ where: { orgId: organization.id, action: "organization.create" } })).toBe(1);
    expect(await organizationsOfUser(userId)).toEqual([{ id: organization.id, slug, name: "New Co", role: "ADMIN" }]);
  });

  it("refuses a taken address and an existing email, and creates nothing then", async () => {
    const slug = uniqueSlug("dup");
    await unsafeCreateOrganization({ name: "First", slug }, { email: `${slug}@example.test`, name: null, password: "a fine password" });
    const before = await db.organization.count();
    expect(await errorCode(unsafeCreateOrganization({ name: "Second", slug }, { email: `${slug}-2@example.test`, name: null, password: "a fine password" }))).toBe("conflict");
    expect(await errorCode(unsafeCreateOrganization({ name: "Third", slug: uniqueSlug() }, { email: `${slug}@example.test`, name: null, password: "a fine password" }))).toBe("conflict");
    expect(await db.organization.count()).toBe(before);
    expect(await db.user.count({ where: { email: `${slug}-2@example.test` } })).toBe(0);
  });

  it("lets only admins change the organization's settings", async () => {
    const { actors, org } = await createOrgWithPeople();
    expect(await errorCode(updateOrganization(actors.finance, { name: "X", timeZone: "UTC", currency: "USD" }))).toBe("forbidden");
    await updateOrganization(actors.admin, { name: "Renamed", timeZone: "Europe/Berlin", currency: "EUR" });
    expect(await db.organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ name: "Renamed", timeZone: "Europe/Berlin", currency: "EUR" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "organization.update" } });
    expect(audit.before).toMatchObject({ name: "Test Org", timeZone: "UTC", currency: "USD" });
  });
});
