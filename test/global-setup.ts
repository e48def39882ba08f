import { assertTestDatabase, ensureDatabase } from "../lib/database/admin.ts";
import { prepareDatabase } from "../lib/database/prepare.ts";

// Integration tests run against a real Postgres. The guard refuses any database whose name does not end in
// `_test`: tests create and delete freely.
export default async function setup() {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tokenledger_test";
  assertTestDatabase(url);
  await ensureDatabase(url);
  await prepareDatabase(url);
}
