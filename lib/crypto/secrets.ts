import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Not marked server-only: the sync worker (plain Node) decrypts keys too; nothing on the client imports it.
// Secrets at rest (provider admin keys): AES-256-GCM with a key from TOKENLEDGER_ENCRYPTION_KEY (32 bytes, base64
// or hex; the launchers generate one under .data/ for local runs). Stored as
// "v1:<key id>:<iv>:<tag>:<ciphertext>" (base64url), the key id being the first 8 hex of the key's SHA-256, so a
// rotation can tell which key a value needs. node:crypto does exactly this; no library adds anything.

const VERSION = "v1";

export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("TOKENLEDGER_ENCRYPTION_KEY must be 32 bytes, as base64 (44 characters) or hex (64 characters).");
  return key;
}

function currentKey(): Buffer {
  if (!env.TOKENLEDGER_ENCRYPTION_KEY) {
    throw new AppError("internal", "Secrets cannot be stored: the server has no TOKENLEDGER_ENCRYPTION_KEY. Set it (32 random bytes, base64) and restart.");
  }
  return parseEncryptionKey(env.TOKENLEDGER_ENCRYPTION_KEY);
}

const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export function encryptSecret(plaintext: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyId(key), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(stored: string, key: Buffer = currentKey()): string {
  const [version, id, iv, tag, ciphertext] = stored.split(":");
  if (version !== VERSION || !id || !iv || !tag || ciphertext === undefined) throw new Error("Not an encrypted secret.");
  if (id !== keyId(key)) throw new Error(`The secret was encrypted with another key (${id}); the server's key is ${keyId(key)}.`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** "sk-admin-…a1b2": enough to tell keys apart, too little to use. */
export function maskSecret(secret: string): string {
  // A short secret shows only its first characters: any tail would be a large share of it.
  if (secret.length < 20) return `${secret.slice(0, 3)}…`;
  // A kind prefix ("sk-admin-") only when it is short and leaves the secret's body long; else three characters.
  const kind = /^[a-z]+-[a-z]+-/i.exec(secret)?.[0];
  const prefix = kind && kind.length <= 16 && secret.length - kind.length >= 16 ? kind : secret.slice(0, 3);
  return `${prefix}…${secret.slice(-4)}`;
}

/**
 * The text with each secret (as itself and URL-encoded) replaced by its mask: for what a remote server answers, which
 * may echo the key or URL it was sent ("Incorrect API key provided: sk-…"), before it is stored, logged or shown.
 */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.replaceAll(form, maskSecret(secret));
  }
  return result;
}
