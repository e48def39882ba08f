import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createOrganization, createToken } from "./fixtures";

// The push API and the OTLP endpoint over HTTP, with tokens: scopes, limits and answers.

const event = (id: string) => ({ eventId: id, timestamp: new Date().toISOString(), provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 2000, outputTokens: 300 });

test("pushed usage: 202 with per-event errors, idempotent, scoped, size-limited", async ({ request }) => {
  const { organization, admin } = await createOrganization();
  const { secret } = await createToken(organization.id, admin.id, ["usage:write"]);
  const { secret: readOnly } = await createToken(organization.id, admin.id, ["spend:read"]);
  const headers = { Authorization: `Bearer ${secret}` };

  const pushed = await request.post("/api/v1/usage", { headers, data: [event("a"), event("b"), { ...event("c"), inputTokens: "lots" }] });
  expect(pushed.status()).toBe(202);
  expect(await pushed.json()).toMatchObject({ received: 3, accepted: 2, duplicates: 0, rejected: 1, errors: [{ index: 2, field: "inputTokens" }] });
  const again = await request.post("/api/v1/usage", { headers, data: [event("a")] });
  expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });

  expect((await request.post("/api/v1/usage", { data: [event("d")] })).status()).toBe(401);
  expect((await request.post("/api/v1/usage", { headers: { Authorization: `Bearer ${readOnly}` }, data: [event("d")] })).status()).toBe(403);
  expect((await request.post("/api/v1/usage", { headers: { ...headers, "Content-Type": "text/csv" }, data: "a,b" })).status()).toBe(415);
  const invalid = await request.post("/api/v1/usage", { headers, data: { eventId: "not-an-array" } });
  expect(invalid.status()).toBe(400);
  expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain("JSON array");
  const huge = await request.post("/api/v1/usage", { headers: { ...headers, "Content-Type": "application/json" }, data: `[${" ".repeat(10 * 1024 * 1024)}]` });
  expect(huge.status()).toBe(413);

  // 2,000 input tokens × $1 + 300 × $5 per million, twice.
  const { secret: spendToken } = await createToken(organization.id, admin.id, ["spend:read"]);
  const day = new Date().toISOString().slice(0, 10);
  const spend = await request.get(`/api/v1/spend?from=${day}&to=${day}&metric=estimated`, { headers: { Authorization: `Bearer ${spendToken}` } });
  expect(((await spend.json()) as { totals: { cost: string }[] }).totals.map((total) => total.cost)).toEqual(["0.007"]);
});

test("OTLP/HTTP JSON traces from an OpenTelemetry exporter become usage; protobuf is refused with how to fix it", async ({ request }) => {
  const { organization, admin } = await createOrganization();
  const { secret } = await createToken(organization.id, admin.id, ["usage:write"]);
  const headers = { Authorization: `Bearer ${secret}` };
  const body = readFileSync(path.join(import.meta.dirname, "../lib/ingest/fixtures/otlp/otel-openai-v2.json"), "utf8");
  const answer = await request.post("/api/v1/otlp/v1/traces", { headers: { ...headers, "Content-Type": "application/json" }, data: body });
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toEqual({});
  const protobuf = await request.post("/api/v1/otlp/v1/traces", { headers: { ...headers, "Content-Type": "application/x-protobuf" }, data: Buffer.from([0x0a, 0x00]) });
  expect(protobuf.status()).toBe(415);
  expect(((await protobuf.json()) as { error: { message: string } }).error.message).toContain("http/json");
});

test("pushing is limited per token: 429 with Retry-After", async ({ request }) => {
  const { organization, admin } = await createOrganization();
  const { secret } = await createToken(organization.id, admin.id, ["usage:write"]);
  const headers = { Authorization: `Bearer ${secret}` };
  let limited: Awaited<ReturnType<typeof request.post>> | null = null;
  for (let attempt = 0; attempt < 200 && !limited; attempt++) {
    const response = await request.post("/api/v1/usage", { headers, data: [] });
    if (response.status() === 429) limited = response;
    else expect(response.status()).toBe(202);
  }
  expect(limited, "the limit was reached").not.toBeNull();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
});
