import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "../test/fake-providers/anthropic-admin.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../test/fake-providers/openai-admin.ts";
import { createOrganization, createToken, signInViaApi, PASSWORD } from "./fixtures";

// Secrets entered once (provider admin keys, a webhook's signing secret, a Slack webhook URL, an SMTP password, an
// API token) never come back: not in any answer of any GET API route, not on any page of the app, and not in any
// response the browser receives while it shows them. The lists of routes and pages are read from app/, so a new
// page or route is checked without anyone adding it here. (scripts/check-secret-leaks.ts checks the logs.)

const ROOT = path.resolve(import.meta.dirname, "..");
const OPENAI_KEY = "sk-admin-e2e-everypage-0123456789abcdef";
const REFUSED_KEY = "sk-admin-e2e-replaced-0123456789abcdef";
const ANTHROPIC_KEY = "sk-ant-admin01-e2e-everypage-0123456789";
const SIGNING_SECRET = "whsec-e2e-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const SLACK_SECRET_PART = "slackSecretPart0123456789";
const SMTP_PASSWORD = "smtpPassw0rd-e2e-0123456789";

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
test.beforeAll(async () => {
  openai = await startFakeOpenAI({ adminKey: OPENAI_KEY });
  anthropic = await startFakeAnthropic({ adminKey: ANTHROPIC_KEY });
});
test.afterAll(async () => Promise.all([openai.close(), anthropic.close()]));

async function files(directory: string, name: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name === name).map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Every page under app/(app)/[org], as a path with its dynamic segments filled from `ids` (an unknown one fails). */
async function appPages(ids: Record<string, string>): Promise<string[]> {
  const pages = await files(path.join(ROOT, "app/(app)/[org]"), "page.tsx");
  return pages.map((file) => {
    const segments = path.dirname(file).split(path.sep).slice(3);
    const filled = segments.map((segment, index) => {
      if (!segment.startsWith("[")) return segment;
      const key = `${segments[index - 1]}/${segment}`;
      if (!(key in ids)) throw new Error(`${file}: no id for ${key}; add one to the test`);
      return ids[key]!;
    });
    return filled.join("/");
  });
}

/** Every GET API route under app/api/v1, its dynamic segments filled from `ids` (a missing id: a random one, a 404). */
async function getRoutes(ids: Record<string, string>): Promise<string[]> {
  const routes: string[] = [];
  for (const file of await files(path.join(ROOT, "app/api/v1"), "route.ts")) {
    if (!/export const GET\b|export async function GET\b/.test(await readFile(path.join(ROOT, file), "utf8"))) continue;
    const segments = path.dirname(file).split(path.sep).slice(1);
    routes.push(`/${segments.map((segment, index) => (segment.startsWith("[") ? (ids[`${segments[index - 1]}/${segment}`] ?? "cmissing0000000000000000") : segment)).join("/")}`);
  }
  return routes;
}

test("no secret appears in any GET answer, on any page, or in anything the browser receives", async ({ page, request }) => {
  test.setTimeout(180_000);
  const { organization: org, admin } = await createOrganization();
  const { secret: token } = await createToken(org.id, admin.id, ["all"]);
  const headers = { Authorization: `Bearer ${token}` };
  const post = async (route: string, data: object) => {
    const response = await request.post(route, { headers, data });
    expect(response.status(), `${route}: ${await response.text()}`).toBe(201);
    return (await response.json()) as Record<string, { id: string }>;
  };

  // Every kind of secret the app stores, entered through the API.
  const channels = await Promise.all([
    post("/api/v1/channels", { name: "Hook", kind: "webhook", url: "http://localhost:9/hook", secret: SIGNING_SECRET }),
    post("/api/v1/channels", { name: "Slack", kind: "slack", webhookUrl: `http://localhost:9/services/T0E2E/B0E2E/${SLACK_SECRET_PART}` }),
    post("/api/v1/channels", { name: "Mail", kind: "email", smtpUrl: `smtp://alerts:${SMTP_PASSWORD}@localhost:2525`, from: "alerts@example.test", to: ["finance@example.test"] }),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const { connection } = await post("/api/v1/connections", { provider: "openai", name: "OpenAI", adminKey: OPENAI_KEY, baseUrl: openai.url, backfillFrom: today });
  await post("/api/v1/connections", { provider: "anthropic", name: "Anthropic", adminKey: ANTHROPIC_KEY, baseUrl: anthropic.url, backfillFrom: today });
  // A replacement key the provider refuses is not echoed in the error.
  const refused = await request.patch(`/api/v1/connections/${connection!.id}`, { headers, data: { adminKey: REFUSED_KEY } });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).not.toContain(REFUSED_KEY);

  const { team } = await post("/api/v1/teams", { name: "Platform" });
  const { workflow } = await post("/api/v1/workflows", { name: "Support bot", teamId: team!.id });
  const { budget } = await post("/api/v1/budgets", { name: "Platform budget", period: "monthly", amount: "1000", teamId: team!.id, channelIds: channels.map((made) => made.channel!.id) });

  const secrets = { OPENAI_KEY, REFUSED_KEY, ANTHROPIC_KEY, SIGNING_SECRET, SLACK_SECRET_PART, SMTP_PASSWORD, token };
  const leaks = (text: string) => Object.entries(secrets).filter(([, value]) => text.includes(value) || text.includes(encodeURIComponent(value))).map(([name]) => name);
  const ids: Record<string, string> = {
    "budgets/[id]": budget!.id,
    "connections/[id]": connection!.id,
    "channels/[id]": channels[0]!.channel!.id,
    "teams/[id]": team!.id,
    "teams/[teamId]": team!.id,
    "workflows/[id]": workflow!.id,
    "workflows/[workflowId]": workflow!.id,
  };

  // Every GET route, with the token that may read everything.
  const routes = await getRoutes(ids);
  expect(routes.length).toBeGreaterThan(30);
  // The route list names one channel; the other two kinds are asked for as well.
  for (const route of new Set([...routes, ...channels.map((made) => `/api/v1/channels/${made.channel!.id}`)])) {
    const response = await request.get(route, { headers });
    expect(response.status(), route).toBeLessThan(500);
    expect(leaks(await response.text()), route).toEqual([]);
  }

  // Every page, as the organization's admin, with every response the browser receives on the way.
  await signInViaApi(page.request, admin.email, PASSWORD);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const received: Promise<{ url: string; found: string[] }>[] = [];
  page.on("response", (response) => {
    if (!response.url().startsWith(origin) || ["image", "font", "stylesheet", "script"].includes(response.request().resourceType())) return;
    received.push(response.text().then((text) => ({ url: response.url(), found: leaks(text) }), () => ({ url: response.url(), found: [] })));
  });
  const pages = await appPages(ids);
  expect(pages.length).toBeGreaterThan(25);
  for (const pagePath of pages) {
    const response = await page.goto(`/${org.slug}/${pagePath}`.replace(/\/$/, ""));
    expect(response?.status(), pagePath).toBe(200);
    await expect(page.locator("main")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(leaks(await page.content()), pagePath).toEqual([]);
  }
  const answers = await Promise.all(received);
  expect(answers.length).toBeGreaterThan(pages.length);
  expect(answers.filter((answer) => answer.found.length)).toEqual([]);
  test.info().annotations.push({ type: "checked", description: `${routes.length} GET routes, ${pages.length} pages, ${answers.length} responses to the browser checked` });

  // The lists show each secret by a masked hint only.
  await page.goto(`/${org.slug}/settings/channels`);
  await expect(page.getByText("Hook", { exact: true })).toBeVisible();
});
