// npm run worker: runs the background jobs (provider syncs and their planning) outside the app, for installs that
// scale out; set TOKENLEDGER_JOBS=worker on the app servers so they only queue. Needs DATABASE_URL (and
// TOKENLEDGER_ENCRYPTION_KEY, to read the provider keys). Stops cleanly on SIGINT / SIGTERM.
import { prepareDatabase } from "../lib/database/prepare.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("npm run worker needs DATABASE_URL (the app's database).");
  process.exit(2);
}
await prepareDatabase(url, (line) => console.error(`[db] ${line}`));
const { startJobWorkers, stopJobs } = await import("../lib/jobs/runtime.ts");
await startJobWorkers();
console.error("[worker] running background jobs; Ctrl-C stops");
const stop = async () => {
  await stopJobs();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
