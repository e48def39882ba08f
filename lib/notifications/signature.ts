import { createHmac, timingSafeEqual } from "node:crypto";

// Webhook signatures, in the scheme Stripe made common: `X-TokenLedger-Signature: t=<unix seconds>,v1=<hex>`,
// where hex = HMAC-SHA256(secret, `${t}.${body}`). Signing the timestamp with the body lets a receiver refuse a
// replayed request; docs/webhooks.md shows the check in Node and Python. node:crypto only, so receivers can copy it.

export const SIGNATURE_HEADER = "X-TokenLedger-Signature";
export const DELIVERY_HEADER = "X-TokenLedger-Delivery";

const hmac = (secret: string, timestamp: number, body: string) => createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/** The signature header value for `body`, signed at `timestamp` (unix seconds, default now). */
export function signPayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs exactly `body` with `secret`, at most `toleranceSeconds` away from `now`. Any `v1` entry
 * may match (a receiver rotating secrets sees one per secret); the comparison is constant-time.
 */
export function verifySignature(header: string | null | undefined, body: string, secret: string, toleranceSeconds = 300, now: Date = new Date()): boolean {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  return parts.some(([key, value]) => {
    if (key !== "v1" || !value || !/^[0-9a-f]{64}$/i.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, "hex"), expected);
  });
}
