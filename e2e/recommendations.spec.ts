import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db.ts";
import { createOrganization, createToken, PASSWORD, signInViaApi } from "./fixtures";

// A manager accepts a recommendation and sees it move to accepted with its estimate. An organization of its own:
// 30 days of short, frequent gpt-4.1 requests for a workflow of the manager's team (the right-size pattern).

test("a manager accepts a recommendation and sees it move to accepted with its estimate", async ({ page, request }) => {
  const { organization: org, admin, members } = await createOrganization(["MANAGER"]);
  const manager = members.find((member) => member.role === "MANAGER")!;
  const team = await db.team.create({ data: { orgId: org.id, name: "Marketing" } });
  await db.teamManager.create({ data: { orgId: org.id, teamId: team.id, userId: manager.id } });
  await db.workflow.create({ data: { orgId: org.id, name: "Social listening", teamId: team.id } });
  const { secret } = await createToken(org.id, admin.id, ["usage:write", "recommendations:write"]);
  const headers = { Authorization: `Bearer ${secret}` };
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: org.timeZone }).format(new Date());
  const days = Array.from({ length: 30 }, (_, index) => new Date(Date.parse(`${today}T12:00:00Z`) - (29 - index) * 86_400_000).toISOString().slice(0, 10));
  const events = days.map((day) => ({ eventId: `social-${day}`, timestamp: `${day}T12:00:00Z`, provider: "openai", model: "gpt-4.1", requests: 1_000, inputTokens: 600_000, outputTokens: 120_000, workflow: "Social listening" }));
  expect((await request.post("/api/v1/usage", { headers, data: events })).status()).toBe(202);
  const refreshed = await request.post("/api/v1/recommendations/refresh", { headers });
  expect(await refreshed.json()).toEqual({ open: 1 });

  await signInViaApi(page.request, manager.email, PASSWORD);
  await page.goto(`/${org.slug}/recommendations`);
  const open = page.getByRole("list", { name: "Open recommendations" });
  const entry = open.getByTestId("recommendation-right_size-Social listening");
  // 18M input × (2.00 − 0.40) + 3.6M output × (8.00 − 1.60) per million = $51.84.
  await expect(entry.getByTestId("estimated-saving")).toHaveText("$51.84 / month");
  await expect(entry).toContainText("Move Social listening from gpt-4.1 to gpt-4.1-mini");
  expect((await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical")).toEqual([]);

  await entry.getByRole("button", { name: 'Accept "Move Social listening from gpt-4.1 to gpt-4.1-mini"' }).click();
  const accepted = page.getByRole("list", { name: "Accepted recommendations" });
  await expect(accepted.getByTestId("recommendation-right_size-Social listening").getByTestId("realized")).toContainText("Estimated $51.84 / month");
  await expect(page.getByRole("list", { name: "Open recommendations" })).toHaveCount(0);
  const api = await request.get(`/api/v1/recommendations?status=accepted`, { headers });
  expect(((await api.json()) as { recommendations: { monthlySaving: string }[] }).recommendations.map((entry) => entry.monthlySaving)).toEqual(["51.84"]);
});
