import { withoutSecrets } from "@/lib/crypto/secrets";
import { OutboundRefusedError, safeFetch } from "@/lib/net/outbound";

// Calls to the providers' admin APIs, made robust against the real world: 429 and 5xx are retried with
// exponential backoff and full jitter, honoring Retry-After; each attempt has a timeout (a hung request is
// abandoned and retried); 401 and 403 are not retried (the key is wrong, retrying cannot help). Written on fetch
// rather than a retry library because the policy needs Retry-After, per-attempt timeouts and auth errors that stop
// at once, all in ~60 lines; the libraries would each cover only part of it. The base URL is the user's to set, so
// every request goes through safeFetch (no private, loopback or link-local addresses: lib/net/outbound.ts).

export class ProviderAuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ProviderAuthError";
  }
}

export class ProviderRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "ProviderRequestError";
  }
}

export type RetryPolicy = {
  /** Per attempt. */
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_POLICY: RetryPolicy = { timeoutMs: 30_000, maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

export type RequestStats = { requests: number; retries: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A Retry-After is honored up to this; a provider asking for longer gets the run failed and retried later. */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/** Seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The credentials a request sends (the key, without "Bearer "), to take out of anything the provider answers. */
function credentialsOf(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => /^(authorization|x-api-key)$/i.test(name))
    .map(([, value]) => value.replace(/^Bearer\s+/i, "").trim())
    .filter((value) => value.length > 0);
}

/**
 * The provider's own error message from a JSON error body (OpenAI and Anthropic both nest it under error), with the
 * key masked: a provider may echo the key it refused ("Incorrect API key provided: sk-…"), and the message goes to
 * the API answer, the sync run's history and the logs.
 */
function messageOf(body: string, status: number, credentials: readonly string[]): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    const message = typeof parsed.error === "string" ? parsed.error : parsed.error?.message ?? parsed.message;
    if (message) return `${status}: ${withoutSecrets(message, credentials)}`;
  } catch {
    // Not JSON: fall through to the status alone.
  }
  return `HTTP ${status}`;
}

export async function getJson(url: string, headers: Record<string, string>, policy: RetryPolicy, stats: RequestStats): Promise<unknown> {
  let lastError = "";
  const credentials = credentialsOf(headers);
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    stats.requests++;
    let wait: number | null = null;
    try {
      const response = await safeFetch(url, { headers: { accept: "application/json", ...headers }, signal: AbortSignal.timeout(policy.timeoutMs) });
      const text = await response.text();
      if (response.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ProviderRequestError(`The provider answered ${url.split("?")[0]} with something that is not JSON.`, response.status);
        }
      }
      if (response.status === 401 || response.status === 403) throw new ProviderAuthError(response.status, messageOf(text, response.status, credentials));
      lastError = messageOf(text, response.status, credentials);
      if (response.status !== 429 && response.status < 500) throw new ProviderRequestError(lastError, response.status);
      wait = retryAfterMs(response.headers.get("retry-after"));
    } catch (error) {
      if (error instanceof ProviderAuthError || error instanceof ProviderRequestError) throw error;
      // A refused address stays refused: no retries.
      if (error instanceof OutboundRefusedError) throw new ProviderRequestError(error.message, null);
      // Timeouts and network failures are retried like a 5xx.
      lastError = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${policy.timeoutMs / 1000} s` : `${(error as Error).message}`;
    }
    if (attempt === policy.maxAttempts) break;
    stats.retries++;
    const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    await sleep(wait !== null ? Math.min(wait, MAX_RETRY_AFTER_MS) : backoff);
  }
  throw new ProviderRequestError(`Gave up after ${policy.maxAttempts} attempts: ${lastError}`, null);
}
