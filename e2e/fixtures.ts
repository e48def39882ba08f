import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page, expect } from "@playwright/test";
import { hashPassword } from "../lib/auth/password.ts";
import { db } from "../lib/db.ts";
import { unsafeCreateOrganization } from "../lib/orgs/create-organization.ts";
import type { Role } from "../lib/permissions.ts";
import { unsafeCreateApiToken } from "../lib/tokens/create-api-token.ts";

// Seeding for the journeys uses the same functions as the app, the CLI and the demo seed.

export const PASSWORD = "journey password 1";

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh organization with an admin, plus any other members asked for. */
export async function createOrganization(roles: Role[] = []) {
  const slug = unique("e2e");
  const adminEmail = `${slug}-admin@example.test`;
  const { organization, userId } = await unsafeCreateOrganization({ name: `Org ${slug}`, slug }, { email: adminEmail, name: "Org Admin", password: PASSWORD });
  const members: { email: string; id: string; role: Role }[] = [{ email: adminEmail, id: userId, role: "ADMIN" }];
  for (const role of roles) {
    const email = `${slug}-${role.toLowerCase()}-${members.length}@example.test`;
    const user = await db.user.create({ data: { email, name: `${role} ${members.length}`, passwordHash: await hashPassword(PASSWORD) } });
    await db.membership.create({ data: { orgId: organization.id, userId: user.id, role } });
    members.push({ email, id: user.id, role });
  }
  return { organization, admin: members[0]!, members };
}

export async function createToken(orgId: string, userId: string, scopes: string[], options: { expiresInDays?: number } = {}) {
  const { token, secret } = await unsafeCreateApiToken({ orgId, userId, actorUserId: userId, actorTokenId: null }, { name: unique("token"), scopes, expiresInDays: options.expiresInDays });
  return { id: token.id, secret };
}

/** Signs in through Auth.js's own endpoints (CSRF token, then the credentials callback): fast, and no UI. */
export async function signInViaApi(request: APIRequestContext, email: string, password = PASSWORD): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status(), "the credentials callback redirects after signing in").toBe(302);
  expect(response.headers().location ?? "").not.toContain("error");
}

export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export type Upload = { id: string; status: string; rowsImported: number; totals: Record<string, { billed: string }>; duplicateOf: { id: string } | null; message: string | null };

/** Polls an upload over the API until it has finished. */
export async function waitForUpload(request: APIRequestContext, id: string, headers: Record<string, string>): Promise<Upload> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await request.get(`/api/v1/uploads/${id}`, { headers });
    expect(response.status()).toBe(200);
    const { upload } = (await response.json()) as { upload: Upload };
    if (upload.status === "completed" || upload.status === "failed") return upload;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the upload did not finish");
}
