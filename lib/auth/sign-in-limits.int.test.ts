import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FAILURES,
  ADDRESS_FAILURES,
  checkSignInAllowed,
  describeBlock,
  recordFailedSignIn,
  recordSuccessfulSignIn,
} from "@/lib/auth/sign-in-limits";

describe("failed sign-in limits", () => {
  it("blocks an account after consecutive failures, with a message that says for how long", async () => {
    const email = `${randomUUID()}@example.test`;
    for (let attempt = 1; attempt < ACCOUNT_FAILURES.points; attempt++) {
      await recordFailedSignIn(email, `10.0.0.${attempt}`);
      expect(await checkSignInAllowed(email, "10.9.9.9")).toBeNull();
    }
    await recordFailedSignIn(email, "10.0.0.99");
    const block = await checkSignInAllowed(email, "10.9.9.9");
    expect(block?.scope).toBe("account");
    expect(block!.retryAfterSeconds).toBeGreaterThan(ACCOUNT_FAILURES.blockSeconds - 60);
    expect(describeBlock(block!)).toBe("Too many failed sign-ins for this account. Try again in 15 minutes.");
  });

  it("clears an account's count on success", async () => {
    const email = `${randomUUID()}@example.test`;
    for (let attempt = 1; attempt < ACCOUNT_FAILURES.points; attempt++) await recordFailedSignIn(email, "10.1.0.1");
    await recordSuccessfulSignIn(email);
    await recordFailedSignIn(email, "10.1.0.1");
    expect(await checkSignInAllowed(email, "10.1.0.2")).toBeNull();
  });

  it("blocks an address that fails across many accounts", async () => {
    const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let attempt = 0; attempt < ADDRESS_FAILURES.points; attempt++) await recordFailedSignIn(`${randomUUID()}@example.test`, address);
    expect((await checkSignInAllowed(`${randomUUID()}@example.test`, address))?.scope).toBe("address");
  });
});
