import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { createOrganization, createToken, signInViaApi } from "./fixtures";

// Outcomes end to end: usage and outcome counts sent over the API with tokens, then the outcomes page shows cost
// per outcome to the cent and the verdict; a bad CSV uploaded on the page writes nothing and names the row.

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("outcomes sent over the API show as cost per outcome and a verdict on the outcomes page", async ({ page, request }) => {
  const { organization, admin } = await createOrganization();
  const { secret } = await createToken(organization.id, admin.id, ["workflows:write", "usage:write", "outcomes:write"]);
  const headers = { Authorization: `Bearer ${secret}` };
  expect((await request.post("/api/v1/workflows", { headers, data: { name: "Support copilot" } })).status()).toBe(201);

  // A week in each half of the last 30 days: 100 requests a day at 2,000 tokens each for $3.10 (21 to 15 days ago),
  // then at 2,760 tokens for $4.30 (7 days ago to yesterday); 20 tickets resolved a day, then 20.4.
  const usage = [];
  const outcomes = [];
  for (let index = 0; index < 14; index++) {
    const day = daysAgo(index < 7 ? 21 - index : 14 - index);
    const late = index >= 7;
    usage.push({ eventId: `e${index}`, timestamp: `${day}T12:00:00Z`, provider: "openai", model: "gpt-4o", inputTokens: late ? 276_000 : 200_000, requests: 100, cost: late ? "4.30" : "3.10", workflow: "Support copilot" });
    outcomes.push({ workflow: "support copilot", day, kind: "Tickets resolved", count: late ? "20.4" : 20 });
  }
  const pushed = await request.post("/api/v1/usage", { headers, data: usage });
  expect(pushed.status(), await pushed.text()).toBe(202);
  const sent = await request.post("/api/v1/outcomes", { headers, data: outcomes });
  expect(sent.status(), await sent.text()).toBe(200);
  expect(await sent.json()).toMatchObject({ received: 14, accepted: 14, created: 14, rejected: 0 });
  // A retry changes nothing.
  expect(await (await request.post("/api/v1/outcomes", { headers, data: outcomes })).json()).toMatchObject({ accepted: 14, created: 0, unchanged: 14 });

  // Over the API: a CSV is strict, other bodies are refused, the counts list back; the report needs spend:read too.
  const csv = await request.post("/api/v1/outcomes", { headers: { ...headers, "Content-Type": "text/csv" }, data: `day,workflow,kind,count\n${daysAgo(1)},Nobody,x,1\n` });
  expect(csv.status()).toBe(400);
  expect(((await csv.json()) as { error: { details: unknown } }).error.details).toEqual({
    errors: [{ rowNumber: 1, column: "workflow", value: "Nobody", reason: 'names no workflow of this organization ("Nobody")' }],
  });
  expect((await request.post("/api/v1/outcomes", { headers: { ...headers, "Content-Type": "text/plain" }, data: "x" })).status()).toBe(415);
  const list = await request.get(`/api/v1/outcomes?view=list&from=${daysAgo(29)}`, { headers });
  expect(list.status()).toBe(200);
  expect(((await list.json()) as { outcomes: { count: string }[] }).outcomes.map((entry) => entry.count)).toEqual([...Array(7).fill("20"), ...Array(7).fill("20.4")]);
  expect((await request.get("/api/v1/outcomes", { headers })).status()).toBe(403);

  await signInViaApi(page.request, admin.email);
  const report = await page.request.get(`/api/v1/outcomes?org=${organization.slug}`);
  expect(((await report.json()) as { report: { workflows: { totals: { costPerOutcome: string } }[] } }).report.workflows[0]!.totals.costPerOutcome).toBe("0.183168");
  await page.goto(`/${organization.slug}/outcomes`);
  await expect(page.getByRole("heading", { name: "Outcomes", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  // $51.80 for 282.8 tickets: $0.18 a ticket.
  const row = page.getByTestId("outcome-row-Support copilot");
  await expect(row.getByRole("cell")).toHaveText(["Support copilot", "$51.80", "282.8", "$0.18", "2,380", "0.202"]);
  const card = page.getByTestId("outcomes-Support copilot");
  await expect(card.getByTestId("outcome-verdict")).toHaveText("Tokens per request rose 38 % while outcomes per request rose 2 %: the extra context bought little.");
  await expect(card.getByRole("figure", { name: "Support copilot: cost per outcome by day" }).locator(".recharts-line")).not.toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  // A CSV with an unknown workflow is refused whole, naming the row and column.
  await page.getByLabel("CSV file").setInputFiles({
    name: "outcomes.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`day,workflow,kind,count\n${daysAgo(1)},Support copilot,tickets resolved,99\n${daysAgo(1)},Nobody's flow,tickets resolved,1\n`),
  });
  await page.getByRole("button", { name: "Upload outcomes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "nothing was written" })).toContainText("1 row of 2 rows is not valid; nothing was written. Row 2, workflow: names no workflow of this organization");
  await expect(row.getByRole("cell").nth(2)).toHaveText("282.8");

  // A valid one replaces yesterday's count.
  await page.getByLabel("CSV file").setInputFiles({ name: "outcomes.csv", mimeType: "text/csv", buffer: Buffer.from(`Day,Workflow,Kind,Count\n${daysAgo(1)},Support copilot,tickets resolved,30.4\n`) });
  await page.getByRole("button", { name: "Upload outcomes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "stored" })).toHaveText("1 count stored: 0 new, 1 replaced, 0 unchanged.");
  await expect(row.getByRole("cell").nth(2)).toHaveText("292.8");
});

test("with no outcomes, the page explains how to send them", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  await page.goto(`/${organization.slug}/outcomes?range=90d`);
  await expect(page.getByRole("heading", { name: "No outcomes in this range" })).toBeVisible();
  await expect(page.getByLabel("Example API request")).toContainText("/api/v1/outcomes");
  await expect(page.getByLabel("Example CSV")).toContainText("day,workflow,kind,count");
  expect(await seriousViolations(page)).toEqual([]);
});
