import { randomUUID } from "node:crypto";
import { databaseNameOf, dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";

/** A throw-away database beside the test database (its name also ends in `_test`), for tests that migrate from scratch. */
export async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  const name = `${databaseNameOf(base).replace(/_test$/, "")}_${label}_${randomUUID().slice(0, 8)}_test`;
  const url = withDatabase(base, name);
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
