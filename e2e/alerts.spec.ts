import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db.ts";
import { verifySignature } from "../lib/notifications/signature.ts";
import { createOrganization, createToken, PASSWORD, signInWithForm, unique, waitForUpload } from "./fixtures";

// The alert journey of issue 7, end to end: a manager sets a budget in the browser, with the organization's webhook
// channel; an upload pushes the budget past 80 %; the alert shows in the app, and a receiver on loopback gets it,
// signed with the channel's secret.

type Received = { body: string; signature: string };
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ body, signature: String(request.headers["x-tokenledger-signature"] ?? "") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tokenledger`;
});
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

test("a manager sets a budget in the browser, an upload pushes it over 80 %, the alert shows in the app and at the receiver", async ({ page, request }) => {
  // An organization of its own: the upload below moves no figure another journey reads.
  const { organization: org, admin, members } = await createOrganization(["MANAGER"]);
  const manager = members.find((member) => member.role === "MANAGER")!;
  const marketing = await db.team.create({ data: { orgId: org.id, name: "Marketing" } });
  await db.teamManager.create({ data: { orgId: org.id, teamId: marketing.id, userId: manager.id } });
  const { secret } = await createToken(org.id, admin.id, ["channels:write", "workflows:write", "uploads:write"]);
  const headers = { Authorization: `Bearer ${secret}` };
  // The admin's setup: a webhook channel, and a Marketing workflow.
  const channelName = unique("Budget hook");
  const channel = await request.post("/api/v1/channels", { headers, data: { name: channelName, kind: "webhook", url: receiverUrl, organizationAlerts: false } });
  expect(channel.status()).toBe(201);
  const { signingSecret } = (await channel.json()) as { signingSecret: string };
  const workflowName = "Launch emails";
  expect((await request.post("/api/v1/workflows", { headers, data: { name: workflowName, teamId: marketing.id } })).status()).toBe(201);

  // The manager, in the browser.
  await signInWithForm(page, manager.email, PASSWORD);
  await expect(page).toHaveURL(new RegExp(`/${org.slug}$`));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budgets" }).click();
  await page.getByRole("link", { name: "New budget" }).click();
  const budgetName = "Launch emails monthly";
  await page.getByLabel("Name").fill(budgetName);
  await page.getByLabel("Period").selectOption("monthly");
  await page.getByLabel("Amount").fill("100");
  await page.getByLabel("Workflow").selectOption({ label: workflowName });
  await page.getByRole("checkbox", { name: channelName }).check();
  await page.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByRole("heading", { name: budgetName })).toBeVisible();
  await expect(page.getByTestId("budget-actual")).toContainText("$0.00");

  // The upload: $85 of the workflow's usage today (the organization's day), through a saved column mapping.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: org.timeZone }).format(new Date());
  const mappingName = "Gateway costs";
  const csvHeaders = ["date", "provider", "model", "cost", "workflow"];
  const mapping = await request.post("/api/v1/column-mappings", {
    headers,
    data: { name: mappingName, headers: csvHeaders, mapping: { date: "date", provider: { column: "provider" }, model: "model", cost: "cost", workflow: "workflow" } },
  });
  expect(mapping.status()).toBe(201);
  const csv = `${csvHeaders.join(",")}\n${today},openai,gpt-4o,60.00,${workflowName}\n${today},openai,gpt-4o-mini,25.00,${workflowName}\n`;
  const upload = await request.post(`/api/v1/uploads?filename=launch-emails.csv&mapping=${encodeURIComponent(mappingName)}`, { headers: { ...headers, "Content-Type": "text/csv" }, data: csv });
  expect(upload.status()).toBe(202);
  const { upload: created } = (await upload.json()) as { upload: { id: string } };
  expect((await waitForUpload(request, created.id, headers)).status).toBe("completed");

  // At the receiver: one alert for this budget, for 80 % (one jump over 50 and 80 is one alert), signed.
  await expect.poll(() => received.filter((entry) => entry.body.includes(budgetName)).length, { timeout: 20_000 }).toBe(1);
  const delivery = received.find((entry) => entry.body.includes(budgetName))!;
  expect(verifySignature(delivery.signature, delivery.body, signingSecret)).toBe(true);
  const payload = JSON.parse(delivery.body) as { alert: { title: string; figures: Record<string, string>; link: string } };
  expect(payload.alert.title).toBe(`${budgetName}: 80 % of the ${today.slice(0, 7)} budget reached`);
  expect(payload.alert.figures).toMatchObject({ actual: "85.00", amount: "100.00", percent: "85.00" });

  // In the app: the budget at 85 %, and the alert on the alerts page, delivered, linking to the explorer.
  await page.reload();
  await expect(page.getByTestId("budget-actual")).toContainText("$85.00");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  const row = page.getByRole("row").filter({ hasText: budgetName }).filter({ hasText: "80 %" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Delivered");
  await row.getByRole("link", { name: "View in explorer" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/explorer\\?`));
  await expect(page.getByText("$85.00").first()).toBeVisible();
});
