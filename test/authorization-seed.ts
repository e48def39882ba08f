import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createBudget } from "@/lib/budgets/budgets";
import { encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { createChannel } from "@/lib/notifications/channels";
import { createPriceOverride } from "@/lib/pricing/mutations";
import { createRule } from "@/lib/attribution/rules";
import { createSplit } from "@/lib/attribution/splits";
import { recordOutcomes } from "@/lib/outcomes/outcomes";
import { pushUsageEvents } from "@/lib/usage/push";
import { unsafeCreateApiToken } from "@/lib/tokens/create-api-token";
import { createMember, createOrg, createOrgWithPeople } from "@/test/factories";

// The world the authorization matrix (lib/api/authorization-matrix.int.test.ts) calls every route in: organization A
// with an admin, a finance user and a manager of one team, and one real resource behind every {id} of the API, each
// belonging to the team the manager does NOT manage (so a manager's call on it is outside their scope); and
// organization B with its own admin. Callers are API tokens, as a client would send them.

export type Caller = "anonymous" | "noScope" | "otherOrg" | "finance" | "manager" | "admin";
export const CALLERS: readonly Caller[] = ["anonymous", "noScope", "otherOrg", "finance", "manager", "admin"];

/** A tiny receiver for webhook channels: answers 200 to anything, so "test the channel" succeeds. */
export async function startReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "text/plain" }).end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function bearer(orgId: string, userId: string, scopes: string[]): Promise<string> {
  const { secret } = await unsafeCreateApiToken({ orgId, userId, actorUserId: userId, actorTokenId: null }, { name: `matrix ${scopes.join(" ")}`, scopes });
  return `Bearer ${secret}`;
}

export async function seedAuthorizationWorld(options: { receiverUrl: string }) {
  const a = await createOrgWithPeople();
  const admin = a.actors.admin;
  const { otherTeam } = a.teams;

  const orgB = await createOrg("Other Org");
  const adminB = await createMember(orgB.id, "ADMIN");

  const workflow = await db.workflow.create({ data: { orgId: a.org.id, name: "Contract review", teamId: otherTeam.id } });
  const upload = await db.upload.create({
    data: { orgId: a.org.id, uploadedById: a.users.admin.id, filename: "export.csv", sizeBytes: 10n, contentHash: randomUUID(), status: "COMPLETED", format: "focus" },
  });
  await db.uploadError.create({ data: { uploadId: upload.id, orgId: a.org.id, seq: 1, rowNumber: 2, column: "BilledCost", value: "x", reason: "not a number" } });
  const override = await createPriceOverride(admin, { provider: "openai", model: "gpt-4o", kind: "discount", discountPercent: "10", validFrom: "2026-01-01" });
  const rerateRun = await db.rerateRun.create({
    data: { orgId: a.org.id, fromDay: new Date("2026-01-01"), toDay: new Date("2026-01-02"), status: "completed", createdById: a.users.admin.id },
  });
  const applyRun = await db.jobRun.create({
    data: { orgId: a.org.id, kind: "attribution.apply", trigger: "manual", status: "succeeded", fromDay: new Date("2026-01-01"), toDay: new Date("2026-01-02") },
  });
  const rule = await createRule(admin, { name: "Legal project", conditions: [{ field: "project", operator: "exact", value: "legal" }], teamId: otherTeam.id });
  const split = await createSplit(admin, { name: "Legal shared", sourceTeamId: otherTeam.id, method: "even", targets: [{ teamId: a.teams.managedTeam.id }] });
  const budget = await createBudget(admin, { name: "Legal monthly", period: "monthly", amount: "1000", teamId: otherTeam.id });
  const workflowBudget = await createBudget(admin, { name: "Contract review monthly", period: "monthly", amount: "500", workflowId: workflow.id });
  const alert = await db.alert.create({
    data: {
      orgId: a.org.id,
      kind: "threshold",
      dedupeKey: `matrix:${budget.id}`,
      severity: "warning",
      budgetId: budget.id,
      threshold: 80,
      figures: {},
      title: "Legal monthly passed 80 %",
      message: "Legal monthly passed 80 % of its amount.",
    },
  });
  const { channel } = await createChannel(admin, { kind: "webhook", name: "Legal hook", url: options.receiverUrl, secret: "0123456789abcdef0123" });
  const newRecommendation = () =>
    db.recommendation.create({
      data: {
        orgId: a.org.id,
        kind: "batch",
        dedupeKey: `matrix:${randomUUID()}`,
      teamId: otherTeam.id,
      workflowId: workflow.id,
      provider: "openai",
      model: "gpt-4o",
      title: "Batch the contract review",
      action: "Send these requests through the batch API.",
      evidence: { figures: {}, series: [], seriesLabel: "Spend" },
      monthlySaving: "12.50",
      currency: "USD",
      confidence: "medium",
      computedAt: new Date(),
    },
  });
  const recommendation = await newRecommendation();
  const connection = await newConnection(a.org.id, "OpenAI prod");
  // Spend of the other team and its workflow, so every spend report has something a manager of Support must not see.
  await pushUsageEvents(admin, [
    { eventId: "matrix-legal", timestamp: new Date(Date.now() - 86_400_000).toISOString(), provider: "openai", model: "gpt-4o", inputTokens: 1000, outputTokens: 100, cost: "1.25", team: otherTeam.name, workflow: workflow.name },
  ]);
  await recordOutcomes(admin, [{ workflow: workflow.id, day: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), kind: "contracts reviewed", count: 40 }]);

  const tokens: Record<Exclude<Caller, "anonymous">, string> = {
    // A's admin with a token that cannot do the operation: its role would allow it, the scope does not.
    noScope: await bearer(a.org.id, a.users.admin.id, ["org:read"]),
    otherOrg: await bearer(orgB.id, adminB.id, ["all"]),
    finance: await bearer(a.org.id, a.users.finance.id, ["all"]),
    manager: await bearer(a.org.id, a.users.manager.id, ["all"]),
    admin: await bearer(a.org.id, a.users.admin.id, ["all"]),
  };

  const ids = {
    team: otherTeam.id,
    workflow: workflow.id,
    upload: upload.id,
    override: override.id,
    rerateRun: rerateRun.id,
    applyRun: applyRun.id,
    rule: rule.id,
    split: split.id,
    budget: budget.id,
    workflowBudget: workflowBudget.id,
    alert: alert.id,
    channel: channel.id,
    recommendation: recommendation.id,
    connection: connection.id,
  };

  /** Fresh resources, for calls that delete or otherwise use one up (each caller that may succeed gets its own). */
  const fresh = {
    team: async () => (await db.team.create({ data: { orgId: a.org.id, name: `Disposable ${randomUUID().slice(0, 8)}` } })).id,
    workflow: async () => (await db.workflow.create({ data: { orgId: a.org.id, name: `Disposable ${randomUUID().slice(0, 8)}`, teamId: otherTeam.id } })).id,
    upload: async () =>
      (
        await db.upload.create({
          data: { orgId: a.org.id, filename: "old.csv", sizeBytes: 10n, contentHash: randomUUID(), status: "COMPLETED", format: "focus" },
        })
      ).id,
    override: async () => (await createPriceOverride(admin, { provider: "anthropic", kind: "discount", discountPercent: "5", validFrom: "2026-01-01" })).id,
    rule: async () => (await createRule(admin, { name: `Disposable ${randomUUID().slice(0, 8)}`, conditions: [{ field: "project", operator: "exact", value: "x" }], teamId: otherTeam.id })).id,
    split: async () => {
      const source = await db.team.create({ data: { orgId: a.org.id, name: `Shared ${randomUUID().slice(0, 8)}` } });
      return (await createSplit(admin, { name: `Disposable ${randomUUID().slice(0, 8)}`, sourceTeamId: source.id, method: "even", targets: [{ teamId: otherTeam.id }] })).id;
    },
    budget: async () => (await createBudget(admin, { name: `Disposable ${randomUUID().slice(0, 8)}`, period: "monthly", amount: "10", teamId: otherTeam.id })).id,
    channel: async () =>
      (await createChannel(admin, { kind: "webhook", name: `Disposable ${randomUUID().slice(0, 8)}`, url: options.receiverUrl, secret: "0123456789abcdef0123" })).channel.id,
    connection: async () => (await newConnection(a.org.id, `Disposable ${randomUUID().slice(0, 8)}`)).id,
    recommendation: async () => (await newRecommendation()).id,
  };

  return {
    orgA: a.org,
    orgB,
    users: a.users,
    teams: a.teams,
    tokens,
    ids,
    fresh,
  };
}

export type AuthorizationWorld = Awaited<ReturnType<typeof seedAuthorizationWorld>>;

/** An active connection with no run queued (a sync can start), as a finished backfill leaves it. */
async function newConnection(orgId: string, name: string) {
  const key = "sk-admin-matrix-not-used";
  return db.providerConnection.create({
    data: { orgId, provider: "openai", name, keyCiphertext: encryptSecret(key), keyHint: maskSecret(key), backfillFrom: new Date("2026-01-01"), syncedThrough: new Date("2026-01-31") },
  });
}
