import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/crypto/secrets";
import { KNOWN_TEST_SECRETS } from "@/test/known-secrets";

const keyCharacters = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
const providerKey = fc
  .tuple(fc.constantFrom("sk-admin-", "sk-ant-admin01-", "sk-proj-", "whsec-", ""), fc.array(keyCharacters, { minLength: 17, maxLength: 120 }))
  .map(([prefix, rest]) => prefix + rest.join(""));

describe("maskSecret", () => {
  it("never shows more than 4 trailing characters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), providerKey), (secret) => {
        const masked = maskSecret(secret);
        const tail = masked.slice(masked.lastIndexOf("…") + 1);
        expect(tail.length).toBeLessThanOrEqual(4);
        expect(secret.endsWith(tail)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("shows a short secret's first three characters only, and a long word is not taken for a kind", () => {
    expect(maskSecret("abc")).toBe("abc…");
    expect(maskSecret("hunter2-password")).toBe("hun…");
    expect(maskSecret("averyveryverylongword-second-rest-of-the-secret-12345678")).toBe("ave…5678");
  });

  it("shows a provider key's kind and last four, never the key", () => {
    fc.assert(
      fc.property(providerKey, (secret) => {
        const masked = maskSecret(secret);
        expect(masked).not.toContain(secret.slice(-8));
        expect(masked.length).toBeLessThan(secret.length);
      }),
    );
    for (const secret of Object.values(KNOWN_TEST_SECRETS)) expect(maskSecret(secret)).not.toContain(secret);
  });
});
