import { type RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { limiter } from "@/lib/auth/sign-in-limits";
import { AppError } from "@/lib/errors";

// Limits around API tokens, in the same Postgres table as the sign-in limits (every app process shares them).
// Failed Bearer authentications count per client address; successful calls are never counted, so a gateway that
// calls per request pays no extra query, and someone failing from a shared address cannot lock its valid tokens
// out. Secrets carry 256 bits, so the limit caps noise and load rather than the odds of a guess.

export const TOKEN_FAILURES = { points: 30, durationSeconds: 10 * 60, blockSeconds: 10 * 60 };
export const TOKEN_CREATIONS = { points: 20, durationSeconds: 60 * 60, blockSeconds: 0 };

const failuresByAddress = limiter("token-failure-address", TOKEN_FAILURES);
const creationsByMember = limiter("token-create-member", TOKEN_CREATIONS);

function inMinutes(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

/** Consumes a point, or throws rate_limited with the seconds to wait once the limit is passed. */
async function consume(counter: RateLimiterPostgres, key: string, message: (wait: string) => string): Promise<void> {
  try {
    await counter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new AppError("rate_limited", message(inMinutes(retryAfterSeconds)), { retryAfterSeconds });
  }
}

/** Counts a failed Bearer authentication from `address`; past the limit it throws rate_limited (429) instead. */
export async function recordFailedTokenAuthentication(address: string): Promise<void> {
  await consume(
    failuresByAddress,
    address,
    (wait) => `Too many requests with API tokens that are not valid from your network. Try again in ${wait}.`,
  );
}

/** Counts one token created by a member of an organization; the limit-passing one throws rate_limited. */
export async function consumeTokenCreation(orgId: string, userId: string): Promise<void> {
  await consume(
    creationsByMember,
    `${orgId}:${userId}`,
    (wait) => `At most ${TOKEN_CREATIONS.points} API tokens an hour per member. Try again in ${wait}.`,
  );
}
