import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, parseEncryptionKey, withoutSecrets } from "@/lib/crypto/secrets";

describe("secrets at rest", () => {
  const key = randomBytes(32);

  it("round-trips, and never stores the plaintext or the same ciphertext twice", () => {
    const secret = "sk-admin-0123456789abcdefghijklmnop";
    const first = encryptSecret(secret, key);
    const second = encryptSecret(secret, key);
    expect(first).not.toContain("0123456789");
    expect(first).not.toBe(second);
    expect(decryptSecret(first, key)).toBe(secret);
  });

  it("refuses a tampered value and names a value from another key", () => {
    const stored = encryptSecret("secret", key);
    const parts = stored.split(":");
    const flipped = [...parts.slice(0, 4), Buffer.from("xxxxxx").toString("base64url")].join(":");
    expect(() => decryptSecret(flipped, key)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(/another key/);
  });

  it("reads the key as base64 or hex, 32 bytes exactly", () => {
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(key);
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });

  it("masks keys", () => {
    expect(maskSecret("sk-admin-abcdefghijklmnopqrstuvwxyz1234")).toBe("sk-admin-…1234");
    expect(maskSecret("sk-ant-admin01-abcdefghijklmnopqrstu")).toBe("sk-ant-…rstu");
  });

  it("takes secrets out of a remote answer, as themselves and URL-encoded", () => {
    const key = "sk-admin-abcdefghijklmnopqrstuvwxyz1234";
    expect(withoutSecrets(`Incorrect API key provided: ${key}.`, [key])).toBe("Incorrect API key provided: sk-admin-…1234.");
    expect(withoutSecrets("GET /hook?k=pa%2Fss%3Aword-0123", ["pa/ss:word-0123"])).toBe("GET /hook?k=pa/…");
    expect(withoutSecrets("nothing to hide", [key, ""])).toBe("nothing to hide");
  });
});
