import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { assertTestDatabase } from "../lib/database/admin.ts";
import { prepareDatabase } from "../lib/database/prepare.ts";

// The journeys sign in as the demo people, so the demo organization exists first (the seed is idempotent).
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  assertTestDatabase(url);
  await prepareDatabase(url);
  // With its usage, budgets and alerts: the overview, explorer, report and budget journeys read them (files already
  // imported are skipped). Through the CLI, which loads the app's server modules as the app does.
  const root = path.resolve(import.meta.dirname, "..");
  await promisify(execFile)(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/lib/allow-server-only.mjs", "scripts/cli.ts", "seed:demo"], { cwd: root, env: process.env, maxBuffer: 16 * 1024 * 1024 });
  const { db } = await import("../lib/db.ts");
  // Every journey signs in from 127.0.0.1; failures from earlier runs must not add up to an address block.
  await db.rateLimit.deleteMany({});
  await db.$disconnect();
}
