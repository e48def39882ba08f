import { expect, test } from "@playwright/test";
import { createOrganization, createToken, signInViaApi, PASSWORD } from "./fixtures";

// Secrets entered once (a webhook's signing secret, a Slack webhook URL, an SMTP password) never come back: not in
// any API answer, not on any page an admin opens afterwards. (Provider admin keys: e2e/connections.spec.ts.)

const SIGNING_SECRET = "whsec-e2e-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const SLACK_URL = "http://localhost:9/services/T0E2E/B0E2E/slackSecretPart0123456789";
const SMTP_PASSWORD = "smtpPassw0rd-e2e-0123456789";

test("channel secrets appear in no API answer and on no page", async ({ page, request }) => {
  const { organization: org, admin } = await createOrganization();
  const { secret } = await createToken(org.id, admin.id, ["channels:write", "alerts:read", "budgets:read"]);
  const headers = { Authorization: `Bearer ${secret}` };
  const created = await Promise.all([
    request.post("/api/v1/channels", { headers, data: { name: "Hook", kind: "webhook", url: "http://localhost:9/hook", secret: SIGNING_SECRET } }),
    request.post("/api/v1/channels", { headers, data: { name: "Slack", kind: "slack", webhookUrl: SLACK_URL } }),
    request.post("/api/v1/channels", { headers, data: { name: "Mail", kind: "email", smtpUrl: `smtp://alerts:${SMTP_PASSWORD}@localhost:2525`, from: "alerts@example.test", to: ["finance@example.test"] } }),
  ]);
  for (const response of created) expect(response.status(), await response.text()).toBe(201);
  const secrets = [SIGNING_SECRET, "slackSecretPart0123456789", SMTP_PASSWORD];
  const leaks = (text: string) => secrets.filter((value) => text.includes(value) || text.includes(encodeURIComponent(value)));

  const ids = await Promise.all(created.map(async (response) => ((await response.json()) as { channel: { id: string } }).channel.id));
  for (const path of ["/api/v1/channels", ...ids.map((id) => `/api/v1/channels/${id}`), ...ids.map((id) => `/api/v1/channels/${id}/deliveries`)]) {
    const response = await request.get(path, { headers });
    expect(response.status(), path).toBe(200);
    expect(leaks(await response.text()), path).toEqual([]);
  }

  await signInViaApi(page.request, admin.email, PASSWORD);
  for (const path of ["settings/channels", "budgets/new", "alerts", "settings/audit"]) {
    await page.goto(`/${org.slug}/${path}`);
    await expect(page.locator("main")).toBeVisible();
    expect(leaks(await page.content()), path).toEqual([]);
  }
  // The list shows each channel by a masked hint only.
  await page.goto(`/${org.slug}/settings/channels`);
  await expect(page.getByText("Hook", { exact: true })).toBeVisible();
});
