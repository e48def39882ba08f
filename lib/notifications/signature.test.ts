import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "@/lib/notifications/signature";

const body = JSON.stringify({ id: "d1", type: "alert.fired", alert: { figures: { actual: "812.40" } } });
const secret = "whsec-test-0123456789abcdef";
const t = 1_767_225_600; // 2026-01-01T00:00:00Z
const at = (seconds: number) => new Date(seconds * 1000);

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA256 in the t=…,v1=… header", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signPayload(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies its own signature within the tolerance, and nothing else", () => {
    const header = signPayload(body, secret, t);
    expect(verifySignature(header, body, secret, 300, at(t + 299))).toBe(true);
    expect(verifySignature(header, body, secret, 300, at(t - 299))).toBe(true);
    expect(verifySignature(header, body, "another-secret-0123456789", 300, at(t))).toBe(false);
    expect(verifySignature(header, `${body} `, secret, 300, at(t))).toBe(false);
    // Stale (a replay): refused even though the HMAC matches.
    expect(verifySignature(header, body, secret, 300, at(t + 301))).toBe(false);
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifySignature(header.replace(`t=${t}`, `t=${t + 10}`), body, secret, 300, at(t))).toBe(false);
  });

  it("accepts any matching v1 (secret rotation) and refuses malformed headers", () => {
    const good = signPayload(body, secret, t).split(",")[1];
    const other = signPayload(body, "old-secret-0123456789abc", t).split(",")[1];
    expect(verifySignature(`t=${t},${other},${good}`, body, secret, 300, at(t))).toBe(true);
    for (const header of [null, "", "v1=abc", `t=${t}`, `t=soon,${good}`, `t=${t},v1=zz`, `t=${t},v1=${"0".repeat(64)}`]) {
      expect(verifySignature(header, body, secret, 300, at(t)), String(header)).toBe(false);
    }
  });
});
