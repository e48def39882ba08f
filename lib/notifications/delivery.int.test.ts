import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getChannelRoute } from "@/app/api/v1/channels/[id]/route";
import { GET as listDeliveriesRoute } from "@/app/api/v1/channels/[id]/deliveries/route";
import { POST as testRoute } from "@/app/api/v1/channels/[id]/test/route";
import { GET as listChannelsRoute, POST as createChannelRoute } from "@/app/api/v1/channels/route";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createChannel, deleteChannel, getChannel, listChannels, listDeliveries, testChannel, updateChannel } from "@/lib/notifications/channels";
import { deliverDue, queueDeliveries } from "@/lib/notifications/delivery";
import type { NotificationMessage } from "@/lib/notifications/senders";
import { verifySignature } from "@/lib/notifications/signature";
import { createApiToken } from "@/lib/tokens/mutations";
import { createOrgWithPeople, errorCode } from "@/test/factories";

// Deliveries to real loopback receivers: an SMTP server that wants a password, and an HTTP server standing in for
// Slack and for webhook receivers (one path per behaviour: fine, flaky, always failing, slow). Retries are driven
// by calling deliverDue with a clock moved forward.

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

const SMTP_USER = "mailer";
const SMTP_PASSWORD = "smtp-pass-0d9f2c";
const received: Received[] = [];
const mails: string[] = [];
let http: Server;
let smtp: SMTPServer;
let httpBase: string;
let smtpPort: number;
const flakyCalls = new Map<string, number>();

/** /ok/… answers 200; /flaky/<key> 500 twice then 200; /down/… always 500; /slow/… 200 after 150 ms; /echo/… 404 naming the path. */
function answer(path: string): { status: number; body: string; delayMs?: number } {
  if (path.startsWith("/echo/")) return { status: 404, body: `no such hook: ${path}` };
  if (path.startsWith("/flaky/")) {
    const calls = (flakyCalls.get(path) ?? 0) + 1;
    flakyCalls.set(path, calls);
    return calls <= 2 ? { status: 500, body: `overloaded (call ${calls})` } : { status: 200, body: "finally" };
  }
  if (path.startsWith("/down/")) return { status: 500, body: "receiver is down" };
  if (path.startsWith("/slow/")) return { status: 200, body: "ok", delayMs: 150 };
  return { status: 200, body: "ok" };
}

beforeAll(async () => {
  http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const { status, body, delayMs } = answer(path);
      setTimeout(() => response.writeHead(status, { "content-type": "text/plain" }).end(body), delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push(Buffer.concat(chunks).toString("utf8"));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const FIGURES = { actual: "812.40", amount: "1000.00", percent: "81.24", forecast: "1105.10", currency: "USD" };

async function insertAlert(orgId: string, data: { budgetId?: string; teamId?: string; title?: string; link?: string; kind?: string } = {}) {
  return db.alert.create({
    data: {
      orgId,
      kind: data.kind ?? (data.budgetId ? "threshold" : "anomaly"),
      dedupeKey: `test:${randomUUID()}`,
      severity: "warning",
      title: data.title ?? "Support monthly passed 80%",
      message: "Support has spent 812.40 USD of its 1000.00 USD budget.",
      figures: FIGURES,
      budgetId: data.budgetId ?? null,
      teamId: data.teamId ?? null,
      threshold: data.budgetId ? 80 : null,
      link: data.link ?? "/explorer?team=support",
    },
  });
}

async function insertBudget(orgId: string, channelIds: string[], muted = false) {
  return db.budget.create({
    data: { orgId, name: `Budget ${randomUUID().slice(0, 6)}`, period: "monthly", amount: "1000", currency: "USD", thresholds: [50, 80, 100], channelIds, muted },
  });
}

const webhook = (name: string, path: string, secret = "whsec-0123456789abcdef-test") =>
  ({ kind: "webhook", name, url: `${httpBase}${path}`, secret }) as const;

/** The mail as a reader sees it: quoted-printable soft breaks joined, =XX decoded. */
const decodeQuotedPrintable = (raw: string) =>
  Buffer.from(raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");

const toPath = (path: string) => received.filter((request) => request.path === path);

async function bearer(actor: Actor) {
  const { secret } = await createApiToken(actor, { name: `channels ${randomUUID().slice(0, 6)}`, scopes: ["all"] });
  return { authorization: `Bearer ${secret}` };
}

describe("notification channels and alert delivery", () => {
  it("emails an alert through SMTP with its title and figures, authenticating with the stored password", async () => {
    const { org, actors } = await createOrgWithPeople();
    const { channel } = await createChannel(actors.admin, {
      kind: "email",
      name: "Finance inbox",
      smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
      from: "alerts@tokenledger.example",
      to: ["finance@example.com", "cfo@example.com"],
    });
    expect(channel).toMatchObject({ kind: "email", config: { from: "alerts@tokenledger.example", to: ["finance@example.com", "cfo@example.com"] }, organizationAlerts: true });
    expect(channel.secretHint).toBe(`smtp://127.0.0.1:${smtpPort} (with password)`);

    const title = `Spend anomaly ${randomUUID().slice(0, 8)}`;
    const alert = await insertAlert(org.id, { title });
    expect(await queueDeliveries([alert.id])).toBe(1);
    expect(await queueDeliveries([alert.id])).toBe(0);
    expect(await deliverDue({ orgId: org.id })).toEqual({ delivered: 1, retrying: 0, failed: 0 });

    const mail = mails.map(decodeQuotedPrintable).find((text) => text.includes(title));
    expect(mail).toBeDefined();
    expect(mail).toContain(`Subject: ${title}`);
    expect(mail).toContain("To: finance@example.com, cfo@example.com");
    for (const line of ["Actual: 812.40 USD", "Budget: 1000.00 USD", "Percent: 81.24%", "Forecast: 1105.10 USD"]) expect(mail).toContain(line);
    expect(mail).toContain(`http://localhost:3000/${org.slug}/explorer?team=support`);

    const [delivery] = await listDeliveries(actors.finance, { channelId: channel.id });
    expect(delivery).toMatchObject({ alertId: alert.id, alertTitle: title, status: "delivered", attempts: 1 });
    expect(delivery!.attemptLog).toMatchObject([{ attempt: 1, ok: true, responseStatus: 250 }]);

    // A wrong password: the SMTP server's refusal is what the log shows.
    await updateChannel(actors.admin, channel.id, { smtpUrl: `smtp://${SMTP_USER}:wrong@127.0.0.1:${smtpPort}` });
    const refused = await testChannel(actors.admin, channel.id);
    expect(refused).toMatchObject({ ok: false, status: 535 });
    expect(refused.response).toContain("Invalid username or password");
  });

  it("posts Block Kit to Slack and a signed JSON body to webhooks, for a budget's channels only", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const slackPath = `/ok/slack-${randomUUID()}`;
    const hookPath = `/ok/hook-${randomUUID()}`;
    const orgOnlyPath = `/ok/org-${randomUUID()}`;
    const secret = "whsec-budget-0123456789abcdef";
    const { channel: slack } = await createChannel(actors.admin, { kind: "slack", name: "Slack #finops", webhookUrl: `${httpBase}${slackPath}`, organizationAlerts: false });
    const { channel: hook } = await createChannel(actors.admin, { ...webhook("Receiver", hookPath, secret), organizationAlerts: false });
    await createChannel(actors.admin, webhook("Organization feed", orgOnlyPath));
    const budget = await insertBudget(org.id, [slack.id, hook.id]);
    const alert = await insertAlert(org.id, { budgetId: budget.id, teamId: teams.managedTeam.id });

    expect(await queueDeliveries([alert.id])).toBe(2);
    expect(await deliverDue({ orgId: org.id })).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    expect(toPath(orgOnlyPath)).toHaveLength(0);

    const [slackRequest] = toPath(slackPath);
    const blocks = (JSON.parse(slackRequest!.body) as { blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { url?: string }[] }[] }).blocks;
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: "Support monthly passed 80%" } });
    expect(blocks.flatMap((block) => block.fields ?? []).map((field) => field.text)).toEqual(["*Actual*\n812.40 USD", "*Budget*\n1000.00 USD", "*Percent*\n81.24%", "*Forecast*\n1105.10 USD"]);
    expect(blocks.find((block) => block.type === "actions")!.elements![0]!.url).toBe(`http://localhost:3000/${org.slug}/explorer?team=support`);

    const [hookRequest] = toPath(hookPath);
    const signature = hookRequest!.headers["x-tokenledger-signature"] as string;
    expect(hookRequest!.headers["content-type"]).toBe("application/json");
    expect(verifySignature(signature, hookRequest!.body, secret)).toBe(true);
    expect(verifySignature(signature, hookRequest!.body, "not-the-secret-0123456789")).toBe(false);
    expect(verifySignature(signature, hookRequest!.body, secret, 300, new Date(Date.now() + 10 * 60_000))).toBe(false);
    const payload = JSON.parse(hookRequest!.body) as NotificationMessage;
    expect(hookRequest!.headers["x-tokenledger-delivery"]).toBe(payload.id);
    expect(payload).toMatchObject({
      type: "alert.fired",
      organization: { slug: org.slug },
      alert: {
        id: alert.id,
        kind: "threshold",
        severity: "warning",
        figures: FIGURES,
        link: `http://localhost:3000/${org.slug}/explorer?team=support`,
        budget: { id: budget.id, name: budget.name },
        team: { id: teams.managedTeam.id, name: "Support" },
        threshold: 80,
      },
    });

    // A muted budget sends nothing; an alert of no budget goes to the channels that take organization alerts.
    const muted = await insertBudget(org.id, [slack.id, hook.id], true);
    expect(await queueDeliveries([(await insertAlert(org.id, { budgetId: muted.id })).id])).toBe(0);
    expect(await queueDeliveries([(await insertAlert(org.id)).id])).toBe(1);
    expect(await deliverDue({ orgId: org.id })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(toPath(orgOnlyPath)).toHaveLength(1);

    // Deleting a channel takes it off the budgets.
    await deleteChannel(actors.admin, slack.id);
    expect((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).channelIds).toEqual([hook.id]);
    expect((await db.budget.findUniqueOrThrow({ where: { id: muted.id } })).channelIds).toEqual([hook.id]);
  });

  it("retries a failing receiver with backoff and logs every attempt with its answer", async () => {
    const { org, actors } = await createOrgWithPeople();
    const path = `/flaky/${randomUUID()}`;
    const { channel } = await createChannel(actors.admin, webhook("Flaky", path));
    await queueDeliveries([(await insertAlert(org.id)).id]);
    const start = new Date(Date.now() + 1000);
    const minutes = (count: number) => new Date(start.getTime() + count * 60_000);

    expect(await deliverDue({ orgId: org.id, now: start })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(await deliverDue({ orgId: org.id, now: minutes(0.5) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await deliverDue({ orgId: org.id, now: minutes(1) })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [waiting] = await listDeliveries(actors.admin, { channelId: channel.id });
    expect(waiting).toMatchObject({ status: "pending", attempts: 2, nextAttemptAt: minutes(6).toISOString(), lastError: "500: overloaded (call 2)" });
    expect(await deliverDue({ orgId: org.id, now: minutes(5) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await deliverDue({ orgId: org.id, now: minutes(6) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });

    expect(toPath(path)).toHaveLength(3);
    expect(new Set(toPath(path).map((request) => request.headers["x-tokenledger-delivery"])).size).toBe(1);
    const [delivery] = await listDeliveries(actors.admin, { channelId: channel.id });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, deliveredAt: minutes(6).toISOString(), lastError: null, nextAttemptAt: null });
    expect(delivery!.attemptLog.map((attempt) => [attempt.attempt, attempt.ok, attempt.responseStatus, attempt.response])).toEqual([
      [3, true, 200, "finally"],
      [2, false, 500, "overloaded (call 2)"],
      [1, false, 500, "overloaded (call 1)"],
    ]);
    expect((await getChannel(actors.finance, channel.id)).lastDelivery).toMatchObject({ status: "delivered", attempts: 3 });
  });

  it("gives up after a day of failures and shows the delivery as failed", async () => {
    const { org, actors } = await createOrgWithPeople();
    const path = `/down/${randomUUID()}`;
    const { channel } = await createChannel(actors.admin, webhook("Down", path));
    await queueDeliveries([(await insertAlert(org.id)).id]);
    let now = new Date(Date.now() + 1000);
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const result = await deliverDue({ orgId: org.id, now });
      outcomes.push(result.failed ? "failed" : result.retrying ? "retrying" : "none");
      const delivery = await db.alertDelivery.findFirstOrThrow({ where: { channelId: channel.id } });
      if (delivery.status !== "pending") break;
      now = delivery.nextAttemptAt!;
    }
    expect(outcomes).toEqual([...Array(7).fill("retrying"), "failed"]);
    const [delivery] = await listDeliveries(actors.admin, { channelId: channel.id });
    expect(delivery).toMatchObject({ status: "failed", attempts: 8, nextAttemptAt: null, lastError: "500: receiver is down" });
    expect(delivery!.attemptLog).toHaveLength(8);
    expect(Date.parse(delivery!.attemptLog[0]!.attemptedAt) - Date.parse(delivery!.createdAt)).toBeLessThanOrEqual(24 * 3_600_000);
    expect(await deliverDue({ orgId: org.id, now: new Date(now.getTime() + 48 * 3_600_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(toPath(path)).toHaveLength(8);
  });

  it("sends each delivery once when two workers run at the same time", async () => {
    const { org, actors } = await createOrgWithPeople();
    const path = `/slow/${randomUUID()}`;
    await createChannel(actors.admin, webhook("Slow", path));
    const alerts = await Promise.all(Array.from({ length: 12 }, () => insertAlert(org.id)));
    expect(await queueDeliveries(alerts.map((alert) => alert.id))).toBe(12);
    const [first, second] = await Promise.all([deliverDue({ orgId: org.id, limit: 8 }), deliverDue({ orgId: org.id, limit: 8 })]);
    const third = await deliverDue({ orgId: org.id });
    expect(first.delivered + second.delivered + third.delivered).toBe(12);
    const ids = toPath(path).map((request) => request.headers["x-tokenledger-delivery"]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await db.alertDeliveryAttempt.count({ where: { orgId: org.id } })).toBe(12);
  });

  it("test-sends through the same log, and a failing test is reported, not retried", async () => {
    const { org, actors } = await createOrgWithPeople();
    const okPath = `/ok/test-${randomUUID()}`;
    const { channel } = await createChannel(actors.admin, webhook("Test me", okPath));
    const result = await testChannel(actors.admin, channel.id);
    expect(result).toMatchObject({ ok: true, status: 200, response: "ok", attempts: 1 });
    const payload = JSON.parse(toPath(okPath)[0]!.body) as NotificationMessage;
    expect(payload).toMatchObject({ id: result.deliveryId, type: "test", alert: { id: null, kind: "test", link: `http://localhost:3000/${org.slug}/settings/channels` } });
    expect(await listDeliveries(actors.finance, { channelId: channel.id })).toMatchObject([{ id: result.deliveryId, alertId: null, alertTitle: "Test message", status: "delivered" }]);

    const { channel: down } = await createChannel(actors.admin, webhook("Test down", `/down/${randomUUID()}`));
    expect(await testChannel(actors.admin, down.id)).toMatchObject({ ok: false, status: 500, response: "receiver is down" });
    expect(await deliverDue({ orgId: org.id, now: new Date(Date.now() + 3_600_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect((await listDeliveries(actors.admin, { channelId: down.id }))[0]).toMatchObject({ status: "failed", attempts: 1 });

    const vacant = createServer();
    await new Promise<void>((resolve) => vacant.listen(0, "127.0.0.1", resolve));
    const vacantPort = (vacant.address() as AddressInfo).port;
    await new Promise((resolve) => vacant.close(resolve));
    const { channel: closed } = await createChannel(actors.admin, { kind: "slack", name: "Nobody listens", webhookUrl: `http://127.0.0.1:${vacantPort}/hook` });
    const unreachable = await testChannel(actors.admin, closed.id);
    expect(unreachable).toMatchObject({ ok: false, status: null });
    expect(unreachable.response).toMatch(/ECONNREFUSED/);

    // A receiver that echoes the Slack URL's secret path: the log keeps its mask only.
    const echoPath = `/echo/T000/B000/${randomUUID()}`;
    const { channel: echo } = await createChannel(actors.admin, { kind: "slack", name: "Echoes", webhookUrl: `${httpBase}${echoPath}` });
    const echoed = await testChannel(actors.admin, echo.id);
    expect(echoed).toMatchObject({ ok: false, status: 404, response: `no such hook: /ec…${echoPath.slice(-4)}` });
    expect(JSON.stringify(await listDeliveries(actors.admin, { channelId: echo.id }))).not.toContain(echoPath);
  });

  it("never returns a secret, lets only admins change channels, and hides other organizations' channels", async () => {
    const { actors } = await createOrgWithPeople();
    const slackUrl = `${httpBase}/ok/secret-slack/T000/B000/${randomUUID()}`;
    const smtpPassword = `pw-${randomUUID()}`;
    const { channel: slack } = await createChannel(actors.admin, { kind: "slack", name: "Slack", webhookUrl: slackUrl });
    const { channel: email } = await createChannel(actors.admin, {
      kind: "email",
      name: "Mail",
      smtpUrl: `smtps://${SMTP_USER}:${smtpPassword}@smtp.example.com:465`,
      from: "alerts@tokenledger.example",
      to: ["finance@example.com"],
    });
    const created = await createChannel(actors.admin, { kind: "webhook", name: "Generated", url: `${httpBase}/ok/generated` });
    expect(created.signingSecret).toMatch(/^[0-9a-f]{64}$/);
    const secrets = [slackUrl, smtpPassword, created.signingSecret!];
    const expectNoSecret = (value: unknown) => {
      const text = JSON.stringify(value);
      for (const secret of secrets) expect(text).not.toContain(secret);
    };
    expect(email.secretHint).toBe("smtps://smtp.example.com:465 (with password)");
    expect(slack.secretHint).toBe(`127.0.0.1:${new URL(httpBase).port}/…${slackUrl.slice(-4)}`);
    expectNoSecret(await listChannels(actors.finance));
    expectNoSecret(await getChannel(actors.manager, created.channel.id));
    expectNoSecret(await updateChannel(actors.admin, created.channel.id, { name: "Renamed" }));

    // Through the API, as a token of each role would call it.
    const admin = await bearer(actors.admin);
    const finance = await bearer(actors.finance);
    const list = await listChannelsRoute(new Request("http://localhost/api/v1/channels", { headers: finance }), { params: Promise.resolve({}) });
    expect(list.status).toBe(200);
    const listText = await list.text();
    expectNoSecret(listText);
    expect((JSON.parse(listText) as { channels: unknown[] }).channels).toHaveLength(3);
    const post = (headers: Record<string, string>, body: unknown) =>
      createChannelRoute(new Request("http://localhost/api/v1/channels", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    const viaApi = await post(admin, { kind: "webhook", name: "API hook", url: `${httpBase}/ok/api` });
    expect(viaApi.status).toBe(201);
    const { channel: apiHook, signingSecret } = (await viaApi.json()) as { channel: { id: string }; signingSecret: string };
    expect(signingSecret).toMatch(/^[0-9a-f]{64}$/);
    const fetched = await getChannelRoute(new Request(`http://localhost/api/v1/channels/${apiHook.id}`, { headers: admin }), { params: Promise.resolve({ id: apiHook.id }) });
    expect(await fetched.text()).not.toContain(signingSecret);
    expect((await post(finance, { kind: "webhook", name: "Finance hook", url: `${httpBase}/ok/finance` })).status).toBe(403);
    expect((await post(admin, { kind: "slack", name: "Plain http", webhookUrl: "http://hooks.example.com/x" })).status).toBe(400);
    expect((await post(admin, { kind: "webhook", name: "Slack", url: `${httpBase}/ok/dup` })).status).toBe(409);
    const test = await testRoute(new Request(`http://localhost/api/v1/channels/${apiHook.id}/test`, { method: "POST", headers: admin }), { params: Promise.resolve({ id: apiHook.id }) });
    expect(test.status).toBe(200);
    const deliveries = await listDeliveriesRoute(new Request(`http://localhost/api/v1/channels/${apiHook.id}/deliveries`, { headers: finance }), { params: Promise.resolve({ id: apiHook.id }) });
    expect(((await deliveries.json()) as { deliveries: { status: string }[] }).deliveries).toMatchObject([{ status: "delivered" }]);

    expect(await errorCode(createChannel(actors.finance, webhook("Nope", "/ok/nope")))).toBe("forbidden");
    expect(await errorCode(createChannel(actors.manager, webhook("Nope", "/ok/nope")))).toBe("forbidden");
    expect(await errorCode(testChannel(actors.finance, slack.id))).toBe("forbidden");
    expect(await errorCode(deleteChannel(actors.finance, slack.id))).toBe("forbidden");
    expect(await errorCode(updateChannel(actors.admin, slack.id, { url: `${httpBase}/ok/x` }))).toBe("validation_failed");

    const stranger = await createOrgWithPeople();
    expect(await errorCode(getChannel(stranger.actors.admin, slack.id))).toBe("not_found");
    expect(await errorCode(testChannel(stranger.actors.admin, slack.id))).toBe("not_found");
    expect(await errorCode(deleteChannel(stranger.actors.admin, slack.id))).toBe("not_found");
    expect(await errorCode(listDeliveries(stranger.actors.admin, { channelId: slack.id }))).toBe("not_found");
    const strangerGet = await getChannelRoute(new Request(`http://localhost/api/v1/channels/${slack.id}`, { headers: await bearer(stranger.actors.admin) }), { params: Promise.resolve({ id: slack.id }) });
    expect(strangerGet.status).toBe(404);

    // The audit log records every change, with hints only.
    const audit = await db.auditLog.findMany({ where: { entityType: "notification_channel", orgId: actors.admin.org.id } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(["channel.create", "channel.create", "channel.create", "channel.create", "channel.test", "channel.update"]);
    expectNoSecret(audit);
    expect(JSON.stringify(audit)).not.toContain(signingSecret);
  });
});
