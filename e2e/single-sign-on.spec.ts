import { type Page, expect, test } from "@playwright/test";
import { DEMO_SERVER } from "../playwright.config";
import { db } from "../lib/db";
import { createOrganization, unique } from "./fixtures";
import { OIDC_ISSUER } from "./oidc-settings";

// Single sign-on through a real OpenID Connect provider (e2e/oidc-provider.ts): authorization code with PKCE,
// the ID token verified by Auth.js, users matched by verified email.

async function signInThroughProvider(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Example SSO" }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an existing user signs in with single sign-on and is matched by verified email", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInThroughProvider(page, admin.email);
  await expect(page).toHaveURL(new RegExp(`/${organization.slug}$`));
  await expect(page.getByTestId("current-org")).toHaveText(organization.name);
  const linked = await db.account.findMany({ where: { userId: admin.id } });
  expect(linked.map((account) => [account.provider, account.providerAccountId])).toEqual([["oidc", admin.email]]);
});

test("a new verified email gets an account and is asked to create or join an organization", async ({ page }) => {
  const email = `${unique("sso")}@example.test`;
  await signInThroughProvider(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "You are not in an organization yet" })).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBeNull();
});

test("an unverified email is refused and matched to nobody", async ({ page }) => {
  const { admin } = await createOrganization();
  await signInThroughProvider(page, `unverified:${admin.email}`);
  await expect(page).toHaveURL(/\/login\?error=sso_unverified/);
  await expect(page.getByText("Your identity provider did not confirm that email address")).toBeVisible();
  expect(await db.account.count({ where: { userId: admin.id } })).toBe(0);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("without the OIDC settings there is no single sign-on button", async ({ page }) => {
  await page.goto(`${DEMO_SERVER}/login`);
  await expect(page.getByRole("heading", { name: "Sign in to TokenLedger" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Continue with/ })).toHaveCount(0);
});
