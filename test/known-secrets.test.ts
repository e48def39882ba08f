import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KNOWN_SECRET_SOURCES, KNOWN_TEST_SECRETS, type KnownSecretName } from "@/test/known-secrets";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("the known test secrets", () => {
  it("are still the values the tests use, so the leak check looks for the right strings", async () => {
    for (const [name, value] of Object.entries(KNOWN_TEST_SECRETS)) {
      const source = await readFile(path.join(ROOT, KNOWN_SECRET_SOURCES[name as KnownSecretName]), "utf8");
      expect(source, `${name} in ${KNOWN_SECRET_SOURCES[name as KnownSecretName]}`).toContain(value);
    }
  });
});
