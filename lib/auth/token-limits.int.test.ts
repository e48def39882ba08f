import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestActor } from "@/lib/auth/actor";
import { recordFailedTokenAuthentication, TOKEN_CREATIONS, TOKEN_FAILURES } from "@/lib/auth/token-limits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { createApiToken } from "@/lib/tokens/mutations";
import { createOrgWithPeople, errorCode } from "@/test/factories";

const uniqueAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;

function apiRequest(address: string, authorization: string): Request {
  return new Request("http://localhost/api/v1/me", { headers: { authorization, "x-forwarded-for": address } });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("failed API token authentications", () => {
  it("answer 401 up to the limit per address, then rate_limited with the seconds to wait", async () => {
    const address = uniqueAddress();
    for (let attempt = 1; attempt < TOKEN_FAILURES.points; attempt++) await recordFailedTokenAuthentication(address);
    const last = await rejection(requestActor(apiRequest(address, "Bearer tl_not-a-real-token")));
    expect(last.code).toBe("unauthenticated");
    const blocked = await rejection(requestActor(apiRequest(address, "Bearer tl_another-guess")));
    expect(blocked.code).toBe("rate_limited");
    expect(blocked.status).toBe(429);
    const { retryAfterSeconds } = blocked.details as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(TOKEN_FAILURES.blockSeconds - 60);
    expect(retryAfterSeconds).toBeLessThanOrEqual(TOKEN_FAILURES.blockSeconds);
    expect(blocked.message).toBe("Too many requests with API tokens that are not valid from your network. Try again in 10 minutes.");
    // A malformed header is a failed authentication too.
    expect(await errorCode(requestActor(apiRequest(address, "Basic abc")))).toBe("rate_limited");
    // Another address is not affected.
    expect(await errorCode(requestActor(apiRequest(uniqueAddress(), "Bearer tl_not-a-real-token")))).toBe("unauthenticated");
  });

  it("never count or slow down a valid token, even from a blocked address", async () => {
    const { actors, users } = await createOrgWithPeople();
    const { secret } = await createApiToken(actors.admin, { name: "gateway", scopes: ["all"] });
    const address = uniqueAddress();
    for (let attempt = 0; attempt <= TOKEN_FAILURES.points; attempt++) await recordFailedTokenAuthentication(address).catch(() => {});
    expect(await errorCode(requestActor(apiRequest(address, "Bearer tl_not-a-real-token")))).toBe("rate_limited");

    const query = vi.spyOn(pool, "query");
    const actor = await requestActor(apiRequest(address, `Bearer ${secret}`));
    expect(actor.userId).toBe(users.admin.id);
    const statements = query.mock.calls.map(([statement]) => String(typeof statement === "string" ? statement : (statement as { text?: string }).text));
    expect(statements.some((statement) => statement.includes("api_token"))).toBe(true);
    expect(statements.some((statement) => statement.includes("rate_limit"))).toBe(false);
  });
});

describe("API token creation", () => {
  it("allows a member a limited number an hour; other members are not affected", async () => {
    const { actors } = await createOrgWithPeople();
    for (let index = 1; index <= TOKEN_CREATIONS.points; index++) {
      await createApiToken(actors.admin, { name: `script ${index}`, scopes: ["teams:read"] });
    }
    const refused = await rejection(createApiToken(actors.admin, { name: "one too many", scopes: ["teams:read"] }));
    expect(refused.code).toBe("rate_limited");
    expect(refused.message).toBe("At most 20 API tokens an hour per member. Try again in 60 minutes.");
    expect((refused.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(TOKEN_CREATIONS.durationSeconds - 60);
    expect(await db.apiToken.count({ where: { orgId: actors.admin.org.id, userId: actors.admin.userId } })).toBe(TOKEN_CREATIONS.points);
    expect(await errorCode(createApiToken(actors.finance, { name: "finance script", scopes: ["teams:read"] }))).toBeNull();
  });

  it("does not count input that is not valid", async () => {
    const { actors } = await createOrgWithPeople();
    for (let attempt = 0; attempt < TOKEN_CREATIONS.points; attempt++) {
      expect(await errorCode(createApiToken(actors.admin, { name: "", scopes: [] }))).toBe("validation_failed");
    }
    expect(await errorCode(createApiToken(actors.admin, { name: "valid", scopes: ["teams:read"] }))).toBeNull();
  });
});
