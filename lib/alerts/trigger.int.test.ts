import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAlerts } from "@/lib/alerts/alerts";
import { evaluateAndDeliver } from "@/lib/alerts/trigger";
import { createBudget, updateBudget } from "@/lib/budgets/budgets";
import { db } from "@/lib/db";
import { createChannel } from "@/lib/notifications/channels";
import { verifySignature } from "@/lib/notifications/signature";
import { pushUsageEvents } from "@/lib/usage/push";
import { createOrgWithPeople } from "@/test/factories";

// From the ledger to a receiver: an evaluation records the alert and delivers it to the budget's channels, signed;
// a muted budget's alerts stay in the app; organization alerts go to the channels that take them.

const NOW = new Date("2026-06-17T12:00:00Z");
const received: { path: string; body: string; signature: string }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body, signature: String(request.headers["x-tokenledger-signature"] ?? "") });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("evaluating and delivering", () => {
  it("sends a budget's new alert to its channels once, signed, and keeps a muted budget's alerts in the app", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    const path = `/hooks/${org.id}`;
    const { channel, signingSecret } = await createChannel(actors.admin, { name: "Finance hook", kind: "webhook", url: `${base}${path}`, organizationAlerts: false });
    const pushed = await pushUsageEvents(actors.admin, [{ eventId: "a", timestamp: "2026-06-17T12:00:00Z", provider: "openai", model: "gpt-4o", inputTokens: 36_000_000, outputTokens: 0, team: "Support" }]);
    expect(pushed.errors ?? []).toEqual([]);
    const support = await createBudget(actors.manager, { name: "Support", period: "monthly", amount: "100", teamId: teams.managedTeam.id, channelIds: [channel.id] });
    const legal = await createBudget(actors.finance, { name: "Legal", period: "monthly", amount: "1", teamId: teams.otherTeam.id, channelIds: [channel.id], muted: true });
    await pushUsageEvents(actors.admin, [{ eventId: "b", timestamp: "2026-06-17T12:00:00Z", provider: "openai", model: "gpt-4o", inputTokens: 4_000_000, outputTokens: 0, team: "Legal" }]);

    const created = await evaluateAndDeliver(org.id, { now: NOW });
    expect(created.length).toBeGreaterThan(0);
    const mine = received.filter((request) => request.path === path);
    const payloads = mine.map((request) => JSON.parse(request.body) as { type: string; alert: { title: string; figures: Record<string, string> } });
    // Support: $90 of $100 → the 80 % alert; its forecast alert too (a run rate says it overruns). Legal is muted.
    expect(payloads.map((payload) => payload.alert.title).sort()).toEqual(["Support: 80 % of the 2026-06 budget reached", "Support: projected to exceed the 2026-06 budget"]);
    expect(payloads.find((payload) => payload.alert.title.includes("80 %"))!.alert.figures).toMatchObject({ actual: "90.00", amount: "100.00", percent: "90.00" });
    for (const request of mine) expect(verifySignature(request.signature, request.body, signingSecret!)).toBe(true);

    const legalAlerts = await listAlerts(actors.finance, { budgetId: legal.id });
    expect(legalAlerts.map((alert) => [alert.threshold, alert.deliveries.length])).toEqual([[100, 0]]);
    const supportAlerts = await listAlerts(actors.manager, { budgetId: support.id });
    expect(supportAlerts.every((alert) => alert.deliveries.length === 1 && alert.deliveries[0]!.status === "delivered")).toBe(true);

    // Nothing new: nothing sent again.
    expect(await evaluateAndDeliver(org.id, { now: NOW })).toEqual([]);
    expect(received.filter((request) => request.path === path)).toHaveLength(2);

    // Unmuting sends nothing of the past; the next new alert goes out.
    await updateBudget(actors.finance, legal.id, { muted: false });
    await pushUsageEvents(actors.admin, [{ eventId: "c", timestamp: "2026-06-17T13:00:00Z", provider: "openai", model: "gpt-4o", inputTokens: 4_000_000, outputTokens: 0, team: "Support" }]);
    await evaluateAndDeliver(org.id, { now: NOW });
    const after = received.filter((request) => request.path === path).map((request) => (JSON.parse(request.body) as { alert: { title: string } }).alert.title);
    expect(after.slice(2)).toEqual(["Support: 100 % of the 2026-06 budget reached"]);
    expect(await db.alertDelivery.count({ where: { orgId: org.id } })).toBe(3);
  });

  it("sends organization alerts to the channels that take them", async () => {
    const { org, actors } = await createOrgWithPeople();
    const path = `/org/${org.id}`;
    await createChannel(actors.admin, { name: "Ops", kind: "webhook", url: `${base}${path}` });
    await createChannel(actors.admin, { name: "Budgets only", kind: "webhook", url: `${base}${path}/budgets`, organizationAlerts: false });
    await db.upload.create({ data: { orgId: org.id, filename: "broken.csv", sizeBytes: 1, contentHash: "y", status: "FAILED", message: "Row 2: no date.", finishedAt: new Date() } });
    await evaluateAndDeliver(org.id);
    const mine = received.filter((request) => request.path.startsWith(path));
    expect(mine.map((request) => [request.path, (JSON.parse(request.body) as { alert: { title: string } }).alert.title])).toEqual([[path, "Import failed: broken.csv"]]);
  });
});
