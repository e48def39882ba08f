import { expect, test } from "@playwright/test";
import { DEMO_SERVER } from "../playwright.config";
import { unique } from "./fixtures";

test("a new user signs up and lands in their new organization as its admin", async ({ page }) => {
  const slug = unique("signup");
  await page.goto("/login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/signup$/);

  // The client checks the form with the server's schema before anything is sent.
  await page.getByRole("button", { name: "Create account and organization" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.getByLabel("Your name").fill("Grace Founder");
  await page.getByLabel("Work email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByLabel("Organization name").fill(`Founder ${slug}`);
  // The address follows the name until edited by hand.
  await expect(page.getByLabel("Organization address")).toHaveValue(`founder-${slug}`);
  await page.getByLabel("Organization address").fill(slug);
  await page.getByRole("button", { name: "Create account and organization" }).click();

  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Founder ${slug}` })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("admin");
  await expect(page.getByTestId("stat-members")).toHaveText("1");
});

test("signing up with an address that is taken says so on that field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Copy Cat");
  await page.getByLabel("Work email").fill(`${unique("copy")}@example.test`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByLabel("Organization name").fill("Acme");
  await page.getByLabel("Organization address").fill("acme");
  await page.getByRole("button", { name: "Create account and organization" }).click();
  await expect(page.getByText("This address is taken; pick another.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("with self-service sign-up turned off there is no way to sign up", async ({ page }) => {
  await page.goto(`${DEMO_SERVER}/login`);
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  await page.goto(`${DEMO_SERVER}/signup`);
  await expect(page.getByRole("heading", { name: "Sign-up is turned off" })).toBeVisible();
  await expect(page.getByLabel("Work email")).toHaveCount(0);
});
