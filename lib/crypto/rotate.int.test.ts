import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENCRYPTED_COLUMNS, RotationError, rotateEncryptionKey } from "@/lib/crypto/rotate";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { migrate } from "@/lib/database/migrate";
import { scratchDatabase } from "@/test/scratch-database";
import { KNOWN_TEST_SECRETS } from "@/test/known-secrets";

// Rotation rewrites every secret in the database, so it runs on a scratch database of its own: the shared test
// database's secrets (other test files, running at the same time) stay on the test key.

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const key = () => randomBytes(32);
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let pool: pg.Pool;

beforeAll(async () => {
  database = await scratchDatabase("rotate");
  await migrate(database.url);
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

/** An organization with two provider connections and a channel, secrets encrypted with `withKey`. */
async function seed(withKey: Buffer) {
  const orgId = randomUUID();
  await pool.query(`INSERT INTO organization (id, name, slug, "updatedAt") VALUES ($1, 'Rotating', $2, now())`, [orgId, `rot-${orgId.slice(0, 8)}`]);
  const secrets = { openai: KNOWN_TEST_SECRETS.openaiAdminKey, anthropic: KNOWN_TEST_SECRETS.anthropicAdminKey, webhook: KNOWN_TEST_SECRETS.webhookSecret };
  for (const provider of ["openai", "anthropic"] as const) {
    await pool.query(
      `INSERT INTO provider_connection (id, "orgId", provider, name, "keyCiphertext", "keyHint", "backfillFrom", "updatedAt") VALUES ($1, $2, $3, $3, $4, 'hint', '2026-01-01', now())`,
      [randomUUID(), orgId, provider, encryptSecret(secrets[provider], withKey)],
    );
  }
  await pool.query(
    `INSERT INTO notification_channel (id, "orgId", name, kind, config, "secretEncrypted", "secretHint", "updatedAt") VALUES ($1, $2, 'Hook', 'webhook', '{}', $3, 'hint', now())`,
    [randomUUID(), orgId, encryptSecret(secrets.webhook, withKey)],
  );
  return { orgId, secrets };
}

async function stored(orgId: string) {
  const connections = await pool.query<{ provider: string; value: string }>(`SELECT provider, "keyCiphertext" AS value FROM provider_connection WHERE "orgId" = $1`, [orgId]);
  const channels = await pool.query<{ value: string }>(`SELECT "secretEncrypted" AS value FROM notification_channel WHERE "orgId" = $1`, [orgId]);
  return { connections: Object.fromEntries(connections.rows.map((row) => [row.provider, row.value])), channel: channels.rows[0]!.value };
}

async function cli(args: string[], encryptionKey: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, "scripts/cli.ts", ...args], {
      cwd: ROOT,
      // The child is the CLI: it needs this process's environment, with the scratch database and the old key.
      // eslint-disable-next-line no-restricted-properties
      env: { ...process.env, DATABASE_URL: database.url, TOKENLEDGER_ENCRYPTION_KEY: encryptionKey, NODE_ENV: "production", LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("encryption key rotation", () => {
  it("lists every encrypted column of the schema", async () => {
    // A column documented as a lib/crypto/secrets.ts ciphertext must be rotated too.
    const schema = await readFile(path.join(ROOT, "prisma/schema.prisma"), "utf8");
    const documented: string[] = [];
    let model = "";
    let pendingDoc = "";
    for (const line of schema.split("\n")) {
      const modelMatch = /^model (\w+)/.exec(line);
      if (modelMatch) model = modelMatch[1]!;
      const doc = /^\s*\/\/\/(.*)/.exec(line);
      if (doc) {
        pendingDoc += doc[1];
        continue;
      }
      const field = /^\s+(\w+)\s+String/.exec(line);
      if (field && /lib\/crypto\/secrets\.ts/.test(pendingDoc)) documented.push(`${model}.${field[1]}`);
      pendingDoc = "";
    }
    expect(documented.sort()).toEqual(["NotificationChannel.secretEncrypted", "ProviderConnection.keyCiphertext"]);
    expect(ENCRYPTED_COLUMNS.map(({ column }) => column).sort()).toEqual(["keyCiphertext", "secretEncrypted"]);
  });

  it("re-encrypts every secret under the new key in one go, and a second run changes nothing", async () => {
    const oldKey = key();
    const newKey = key();
    const { orgId, secrets } = await seed(oldKey);
    const before = await stored(orgId);

    const result = await rotateEncryptionKey(pool, { currentKey: oldKey, newKey });
    const counts = Object.fromEntries(result.columns.map((column) => [column.table, column.reencrypted]));
    // The scratch database may hold other tests' rows under other keys only if a test forgot to clean up: none here.
    expect(counts).toEqual({ provider_connection: 2, notification_channel: 1 });

    const after = await stored(orgId);
    expect(after.connections.openai).not.toBe(before.connections.openai);
    expect(after.connections.openai!.split(":")[1]).toBe(result.toKeyId);
    expect(decryptSecret(after.connections.openai!, newKey)).toBe(secrets.openai);
    expect(decryptSecret(after.connections.anthropic!, newKey)).toBe(secrets.anthropic);
    expect(decryptSecret(after.channel, newKey)).toBe(secrets.webhook);
    // The old key no longer opens them: lib/crypto/secrets.ts names the key a value needs.
    expect(() => decryptSecret(after.channel, oldKey)).toThrow(/encrypted with another key/);

    const again = await rotateEncryptionKey(pool, { currentKey: oldKey, newKey });
    expect(again.columns.map((column) => [column.reencrypted, column.alreadyRotated])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(await stored(orgId)).toEqual(after);
    await pool.query(`DELETE FROM organization WHERE id = $1`, [orgId]);
  });

  it("changes nothing when a secret is under a third key, or when the new key is the current one", async () => {
    const oldKey = key();
    const { orgId } = await seed(oldKey);
    const stray = randomUUID();
    await pool.query(`INSERT INTO notification_channel (id, "orgId", name, kind, config, "secretEncrypted", "secretHint", "updatedAt") VALUES ($1, $2, 'Stray', 'slack', '{}', $3, 'hint', now())`, [
      stray,
      orgId,
      encryptSecret("https://hooks.example/stray", key()),
    ]);
    const before = await stored(orgId);
    await expect(rotateEncryptionKey(pool, { currentKey: oldKey, newKey: key() })).rejects.toThrow(RotationError);
    await expect(rotateEncryptionKey(pool, { currentKey: oldKey, newKey: key() })).rejects.toThrow(new RegExp(`notification_channel ${stray} is encrypted with key [0-9a-f]{8}, neither`));
    expect(await stored(orgId)).toEqual(before);
    await expect(rotateEncryptionKey(pool, { currentKey: oldKey, newKey: Buffer.from(oldKey) })).rejects.toThrow("The new key is the current key");
    await pool.query(`DELETE FROM organization WHERE id = $1`, [orgId]);
  });

  it("npm run cli -- secrets:rotate rotates and reports counts; a malformed key is refused", async () => {
    const oldKey = key();
    const newKey = key();
    const { orgId, secrets } = await seed(oldKey);

    const bad = await cli(["secrets:rotate", "--new-key", "too-short"], oldKey.toString("base64"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--new-key: TOKENLEDGER_ENCRYPTION_KEY must be 32 bytes");

    const run = await cli(["secrets:rotate", "--new-key", newKey.toString("hex")], oldKey.toString("base64"));
    expect(run.stderr).not.toContain("error");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "provider_connection.keyCiphertext: 2 re-encrypted, 0 already under the new key",
      "notification_channel.secretEncrypted: 1 re-encrypted, 0 already under the new key",
    ]);
    expect(run.stderr).toContain("now set TOKENLEDGER_ENCRYPTION_KEY to the new key");
    const after = await stored(orgId);
    expect(decryptSecret(after.connections.openai!, newKey)).toBe(secrets.openai);
    expect(decryptSecret(after.channel, newKey)).toBe(secrets.webhook);
    await pool.query(`DELETE FROM organization WHERE id = $1`, [orgId]);
  }, 60_000);
});
