import { assertTestDatabase } from "../lib/database/admin.ts";
import { prepareDatabase } from "../lib/database/prepare.ts";

// The journeys sign in as the demo people, so the demo organization exists first (the seed is idempotent).
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  assertTestDatabase(url);
  await prepareDatabase(url);
  const { seedDemo } = await import("../lib/demo/seed-demo.ts");
  const { db } = await import("../lib/db.ts");
  // With its usage: the overview, explorer and report journeys read it (files already imported are skipped).
  await seedDemo(() => {}, { usage: true });
  // Every journey signs in from 127.0.0.1; failures from earlier runs must not add up to an address block.
  await db.rateLimit.deleteMany({});
  await db.$disconnect();
}
