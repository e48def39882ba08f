export {};
// Child process of the ingest benchmark: imports one file end to end (read, parse, detect, map, validate, COPY to
// staging, upsert, rollups, upload record) and prints its timing and peak memory as JSON. Run alone so its peak
// RSS is the import's own.
const [orgId, file] = process.argv.slice(2);
const { unsafeImportFile } = await import("../../lib/uploads/import-file.ts");
const started = performance.now();
const { result } = await unsafeImportFile({ orgId: orgId!, filePath: file! });
const seconds = (performance.now() - started) / 1000;
const { pool } = await import("../../lib/pg.ts");
await pool.end();
console.log(JSON.stringify({ status: result?.status, message: result?.message, rows: result?.rowsImported ?? 0, seconds, timings: result?.timings, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
process.exit(0);
