// Runs once when the app server starts: imports a crash interrupted are failed (their transaction rolled back,
// so the ledger holds nothing of them) and uploads that were waiting are started; so are interrupted re-rates.
// Then the background jobs start, unless separate workers run them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recoverUploads } = await import("@/lib/uploads/process-upload");
  const { logger } = await import("@/lib/log");
  try {
    const recovered = await recoverUploads();
    if (recovered.failed || recovered.resumed) logger.info(recovered, "uploads recovered after restart");
  } catch (error) {
    logger.error({ err: error }, "upload recovery failed");
  }
  try {
    const { recoverRerates } = await import("@/lib/pricing/rerate");
    const { pool } = await import("@/lib/pg");
    const failed = await recoverRerates(pool);
    if (failed) logger.info({ failed }, "interrupted re-rates failed after restart");
  } catch (error) {
    logger.error({ err: error }, "re-rate recovery failed");
  }
  // Background jobs (provider syncs) run here unless `npm run worker` processes run them (TOKENLEDGER_JOBS=worker).
  try {
    const { jobsMode, startJobWorkers } = await import("@/lib/jobs/runtime");
    if (jobsMode() === "inline") await startJobWorkers();
  } catch (error) {
    logger.error({ err: error }, "background jobs did not start");
  }
}
