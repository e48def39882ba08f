import { expect, test } from "@playwright/test";
import { PASSWORD, createOrganization, signInViaApi, unique } from "./fixtures";

test("an admin creates a team and invites a member, who joins through the link", async ({ page, browser }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);

  await page.goto(`/${organization.slug}/settings/teams`);
  await page.getByLabel("Team name").fill("Growth");
  await page.getByLabel("Cost center").fill("CC-4100");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText('Team "Growth" created.')).toBeVisible();
  await expect(page.getByTestId("team-Growth")).toContainText("CC-4100");

  const inviteeEmail = `${unique("invitee")}@example.test`;
  await page.goto(`/${organization.slug}/settings/members`);
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByLabel("Role").selectOption("MANAGER");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByTestId("secret-value").textContent();
  expect(link).toMatch(new RegExp(`^http://localhost:3123/invite/inv_`));
  await expect(page.getByRole("cell", { name: inviteeEmail, exact: true })).toBeVisible(); // listed as pending

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link!);
  await expect(inviteePage.getByRole("heading", { name: `Join ${organization.name}` })).toBeVisible();
  await expect(inviteePage.getByText("You are invited as manager.")).toBeVisible();
  await inviteePage.getByLabel("Your name").fill("Ivy Invitee");
  await inviteePage.getByLabel("Choose a password").fill(PASSWORD);
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(new RegExp(`/${organization.slug}$`));
  await expect(inviteePage.getByTestId("current-role")).toHaveText("manager");

  // The link worked once.
  await inviteePage.goto(link!);
  await expect(inviteePage.getByText("This invitation link has already been used.")).toBeVisible();
  await invitee.close();

  await page.reload();
  await expect(page.getByTestId(`member-${inviteeEmail}`)).toContainText("Ivy Invitee");
  await expect(page.getByText("No invitations are waiting.")).toBeVisible();
});
