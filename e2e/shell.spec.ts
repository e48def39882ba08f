import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { createOrganization, signInViaApi } from "./fixtures";

test("the organization switcher moves between a user's organizations, and the user menu signs out", async ({ page }) => {
  const first = await createOrganization();
  const second = await createOrganization();
  await db.membership.create({ data: { orgId: second.organization.id, userId: first.admin.id, role: "FINANCE" } });
  await signInViaApi(page.request, first.admin.email);

  await page.goto(`/${first.organization.slug}`);
  await expect(page.getByTestId("current-org")).toHaveText(first.organization.name);
  await page.getByRole("button", { name: /Switch organization/ }).click();
  await page.getByRole("link", { name: new RegExp(second.organization.name) }).click();
  await expect(page).toHaveURL(new RegExp(`/${second.organization.slug}$`));
  await expect(page.getByTestId("current-org")).toHaveText(second.organization.name);
  await expect(page.getByTestId("current-role")).toHaveText("finance");

  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  const response = await page.goto(`/${first.organization.slug}`);
  expect(response?.url()).toContain("/login?callbackUrl=");
});
