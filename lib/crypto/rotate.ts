import type { Pool } from "pg";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";

// Key rotation for secrets at rest (docs/secrets.md): every stored secret is decrypted with the current key and
// encrypted with the new one in a single transaction, so the database is never left half on one key and half on
// the other. The tables are locked against writes meanwhile: a secret saved during the rotation with the old key
// would otherwise be left behind. Values already under the new key (a rotation run twice) are left as they are.

/** Every column holding a lib/crypto/secrets.ts ciphertext (a test checks the schema against this list). */
export const ENCRYPTED_COLUMNS = [
  { table: "provider_connection", column: "keyCiphertext" },
  { table: "notification_channel", column: "secretEncrypted" },
] as const;

/** The key id a ciphertext names ("v1:<key id>:…"), read from one made with the key, so it is the same derivation. */
const keyIdOf = (key: Buffer) => encryptSecret("", key).split(":")[1]!;
const keyIdIn = (stored: string) => stored.split(":")[1];

export type RotationCount = { table: string; column: string; reencrypted: number; alreadyRotated: number };
export type RotationResult = { fromKeyId: string; toKeyId: string; columns: RotationCount[] };

export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RotationError";
  }
}

export async function rotateEncryptionKey(pool: Pool, keys: { currentKey: Buffer; newKey: Buffer }): Promise<RotationResult> {
  const fromKeyId = keyIdOf(keys.currentKey);
  const toKeyId = keyIdOf(keys.newKey);
  if (fromKeyId === toKeyId) throw new RotationError("The new key is the current key; generate a new one (32 random bytes, base64).");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`LOCK TABLE ${ENCRYPTED_COLUMNS.map(({ table }) => table).join(", ")} IN SHARE ROW EXCLUSIVE MODE`);
    const columns: RotationCount[] = [];
    for (const { table, column } of ENCRYPTED_COLUMNS) {
      const { rows } = await client.query<{ id: string; value: string }>(`SELECT id, "${column}" AS value FROM ${table} ORDER BY id`);
      const ids: string[] = [];
      const values: string[] = [];
      let alreadyRotated = 0;
      for (const row of rows) {
        const rowKeyId = keyIdIn(row.value);
        if (rowKeyId === toKeyId) {
          alreadyRotated++;
          continue;
        }
        if (rowKeyId !== fromKeyId) {
          throw new RotationError(`${table} ${row.id} is encrypted with key ${rowKeyId ?? "(none)"}, neither the current key (${fromKeyId}) nor the new one (${toKeyId}); nothing was changed.`);
        }
        ids.push(row.id);
        values.push(encryptSecret(decryptSecret(row.value, keys.currentKey), keys.newKey));
      }
      if (ids.length > 0) {
        await client.query(`UPDATE ${table} t SET "${column}" = v.value FROM unnest($1::text[], $2::text[]) AS v(id, value) WHERE t.id = v.id`, [ids, values]);
      }
      columns.push({ table, column, reencrypted: ids.length, alreadyRotated });
    }
    await client.query("COMMIT");
    return { fromKeyId, toKeyId, columns };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
