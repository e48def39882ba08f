import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/pg";

// Failed sign-ins are limited per account (consecutive failures) and per client address. Only failures count;
// a successful sign-in clears the account's count. State lives in Postgres (table rate_limit), so every app
// process shares it.

export const ACCOUNT_FAILURES = { points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const ADDRESS_FAILURES = { points: 100, durationSeconds: 15 * 60, blockSeconds: 15 * 60 };

/** A counter in the shared Postgres table; lib/auth/token-limits.ts builds its limits with it too. */
export function limiter(keyPrefix: string, limits: typeof ACCOUNT_FAILURES) {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limit",
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    points: limits.points,
    duration: limits.durationSeconds,
    blockDuration: limits.blockSeconds,
  });
}

const byAccount = limiter("signin-account", ACCOUNT_FAILURES);
const byAddress = limiter("signin-address", ADDRESS_FAILURES);

export type SignInBlock = { scope: "account" | "address"; retryAfterSeconds: number };

function blocked(res: RateLimiterRes | null, points: number): number | null {
  if (!res || res.consumedPoints < points) return null;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export async function checkSignInAllowed(email: string, address: string): Promise<SignInBlock | null> {
  const [account, client] = await Promise.all([byAccount.get(email), byAddress.get(address)]);
  const accountWait = blocked(account, ACCOUNT_FAILURES.points);
  if (accountWait !== null) return { scope: "account", retryAfterSeconds: accountWait };
  const addressWait = blocked(client, ADDRESS_FAILURES.points);
  if (addressWait !== null) return { scope: "address", retryAfterSeconds: addressWait };
  return null;
}

export async function recordFailedSignIn(email: string, address: string): Promise<void> {
  // consume() rejects once the limit is reached; that rejection is the expected "now blocked" outcome.
  await Promise.all([byAccount.consume(email).catch(() => {}), byAddress.consume(address).catch(() => {})]);
}

export async function recordSuccessfulSignIn(email: string): Promise<void> {
  await byAccount.delete(email);
}

export function describeBlock(block: SignInBlock): string {
  const minutes = Math.ceil(block.retryAfterSeconds / 60);
  const wait = minutes <= 1 ? "a minute" : `${minutes} minutes`;
  return block.scope === "account"
    ? `Too many failed sign-ins for this account. Try again in ${wait}.`
    : `Too many failed sign-ins from your network. Try again in ${wait}.`;
}
