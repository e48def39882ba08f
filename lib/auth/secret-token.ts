import { createHash, randomBytes } from "node:crypto";

// Secrets handed to people once (API tokens, invitation links). Only their SHA-256 is stored: they carry 256
// bits of randomness, so a fast hash is enough and lets us look them up by hash.

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
