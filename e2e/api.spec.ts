import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { createOrganization, createToken, signInViaApi } from "./fixtures";

// The REST API over real HTTP, authenticated by API tokens created with the same function as the settings page.

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

test.describe("REST API authentication and authorization", () => {
  test("a token with the right scope gets 200; without it, 403", async ({ request }) => {
    const { organization, admin } = await createOrganization();
    await db.team.create({ data: { orgId: organization.id, name: "Support" } });
    const reader = await createToken(organization.id, admin.id, ["teams:read"]);

    const list = await request.get("/api/v1/teams", { headers: bearer(reader.secret) });
    expect(list.status()).toBe(200);
    expect(((await list.json()) as { teams: { name: string }[] }).teams.map((team) => team.name)).toEqual(["Support"]);

    const create = await request.post("/api/v1/teams", { headers: bearer(reader.secret), data: { name: "Nope" } });
    expect(create.status()).toBe(403);
    expect(await create.json()).toEqual({ error: { code: "forbidden", message: "This API token has no scope that allows teams:create." } });
    const workflows = await request.get("/api/v1/workflows", { headers: bearer(reader.secret) });
    expect(workflows.status()).toBe(403);
  });

  test("a revoked, expired or unknown token gets 401, and so does no credential", async ({ request }) => {
    const { organization, admin } = await createOrganization();
    const revoked = await createToken(organization.id, admin.id, ["all"]);
    await db.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const expired = await createToken(organization.id, admin.id, ["all"], { expiresInDays: 1 });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    for (const secret of [revoked.secret, expired.secret, "tl_definitely-not-a-token"]) {
      const response = await request.get("/api/v1/teams", { headers: bearer(secret) });
      expect(response.status()).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
      expect(response.headers()["www-authenticate"]).toContain("Bearer");
    }
    const anonymous = await request.get("/api/v1/teams");
    expect(anonymous.status()).toBe(401);
    const malformed = await request.get("/api/v1/teams", { headers: { Authorization: "Basic abc" } });
    expect(malformed.status()).toBe(401);
  });

  test("a valid token of organization B asking for a team of organization A gets 404", async ({ request }) => {
    const a = await createOrganization();
    const b = await createOrganization();
    const teamOfA = await db.team.create({ data: { orgId: a.organization.id, name: "A's secret team" } });
    const tokenOfB = await createToken(b.organization.id, b.admin.id, ["all"]);

    for (const [method, data] of [["get", undefined], ["patch", { name: "Mine now" }], ["delete", undefined]] as const) {
      const response = await request.fetch(`/api/v1/teams/${teamOfA.id}`, { method, headers: bearer(tokenOfB.secret), data });
      expect(response.status(), method).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    expect((await db.team.findUniqueOrThrow({ where: { id: teamOfA.id } })).name).toBe("A's secret team");
  });

  test("a FINANCE token creating a team gets 403", async ({ request }) => {
    const { organization, members } = await createOrganization(["FINANCE"]);
    const finance = members.find((member) => member.role === "FINANCE")!;
    const token = await createToken(organization.id, finance.id, ["all"]);
    const response = await request.post("/api/v1/teams", { headers: bearer(token.secret), data: { name: "Finance's team" } });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "forbidden",
      message: "Your role (finance) may not do this (teams:create).",
    });
    expect(await db.team.count({ where: { orgId: organization.id } })).toBe(0);
    const read = await request.get("/api/v1/teams", { headers: bearer(token.secret) });
    expect(read.status()).toBe(200);
  });

  test("teams and workflows round-trip with the right statuses and error shapes", async ({ request }) => {
    const { organization, admin } = await createOrganization();
    const { secret } = await createToken(organization.id, admin.id, ["all"]);
    const headers = bearer(secret);

    const created = await request.post("/api/v1/teams", { headers, data: { name: "Platform", costCenter: "CC-1100" } });
    expect(created.status()).toBe(201);
    const { team } = (await created.json()) as { team: { id: string; name: string; costCenter: string } };
    expect(team).toMatchObject({ name: "Platform", costCenter: "CC-1100" });

    const invalid = await request.post("/api/v1/teams", { headers, data: { name: "" } });
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toEqual({
      error: { code: "validation_failed", message: "The input is not valid.", details: { fieldErrors: { name: ["Enter a name."] } } },
    });
    const duplicate = await request.post("/api/v1/teams", { headers, data: { name: "Platform" } });
    expect(duplicate.status()).toBe(409);
    const notJson = await request.post("/api/v1/teams", { headers: { ...headers, "Content-Type": "text/plain" }, data: "name=x" });
    expect(notJson.status()).toBe(415);
    const brokenJson = await request.post("/api/v1/teams", { headers: { ...headers, "Content-Type": "application/json" }, data: "{" });
    expect(brokenJson.status()).toBe(400);
    const tooLarge = await request.post("/api/v1/teams", { headers: { ...headers, "Content-Type": "application/json" }, data: JSON.stringify({ name: "x".repeat(1_100_000) }) });
    expect(tooLarge.status()).toBe(413);

    const patched = await request.patch(`/api/v1/teams/${team.id}`, { headers, data: { description: "Gateway and evals" } });
    expect(patched.status()).toBe(200);
    expect(((await patched.json()) as { team: { description: string } }).team.description).toBe("Gateway and evals");

    const workflow = await request.post("/api/v1/workflows", { headers, data: { name: "LLM gateway evals", teamId: team.id } });
    expect(workflow.status()).toBe(201);
    const { workflow: created2 } = (await workflow.json()) as { workflow: { id: string; teamName: string } };
    expect(created2.teamName).toBe("Platform");
    expect((await request.get(`/api/v1/workflows/${created2.id}`, { headers })).status()).toBe(200);
    expect((await request.delete(`/api/v1/workflows/${created2.id}`, { headers })).status()).toBe(200);
    expect((await request.get(`/api/v1/workflows/${created2.id}`, { headers })).status()).toBe(404);
    expect((await request.delete(`/api/v1/teams/${team.id}`, { headers })).status()).toBe(200);
  });

  test("GET /api/v1/me describes the caller, by token or by session", async ({ request, page }) => {
    const { organization, admin } = await createOrganization();
    const { id, secret } = await createToken(organization.id, admin.id, ["teams:read"]);
    const byToken = await request.get("/api/v1/me", { headers: bearer(secret) });
    expect(byToken.status()).toBe(200);
    expect(await byToken.json()).toMatchObject({
      user: { email: admin.email },
      organization: { slug: organization.slug },
      role: "ADMIN",
      permissions: ["teams:read"],
      token: { id },
    });

    await signInViaApi(page.request, admin.email);
    const bySession = await page.request.get(`/api/v1/me?org=${organization.slug}`);
    expect(bySession.status()).toBe(200);
    const me = (await bySession.json()) as { token: null; permissions: string[] };
    expect(me.token).toBeNull();
    expect(me.permissions).toContain("teams:create");
    expect((await page.request.get("/api/v1/me?org=acme")).status()).toBe(404);
  });

  test("the OpenAPI document is public and lists the routes", async ({ request }) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, object> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/me", "/teams", "/teams/{id}", "/workflows", "/workflows/{id}"]));
  });
});
