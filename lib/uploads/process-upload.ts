import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import type { CustomMapping } from "@/lib/ingest/formats/custom-schema";
import { refreshStatistics } from "@/lib/ingest/ledger-sql";
import { ingestCsv, type IngestProgress, type IngestResult, type RowError } from "@/lib/ingest/pipeline";
import { logger } from "@/lib/log";
import type { PoolClient } from "pg";
import { pool } from "@/lib/pg";
import { loadPricer } from "@/lib/pricing/load-pricer";
import { loadAttribution } from "@/lib/attribution/load";
import { removeUploadFile, uploadPath } from "@/lib/uploads/storage";

// Imports a stored upload. Talks to the database through plain pg, not Prisma: an import (in the CLI, or the
// benchmark) then never loads Prisma's query engine, about 50 MB of memory it does not need.
// Runs in the background of the app process (and, for the CLI, in the foreground); the
// upload row carries its progress, so a page reload or another process sees where it is. Idempotent in effect:
// records upsert on natural keys, so running it twice changes nothing.

const HEARTBEAT_STALE_MS = 2 * 60 * 1000;

/** Stored before the upload's status changes, so whoever sees it finished also sees its errors. */
async function saveErrors(client: Pick<PoolClient, "query">, uploadId: string, orgId: string, errors: RowError[]): Promise<void> {
  const chunk = 5000;
  for (let offset = 0; offset < errors.length; offset += chunk) {
    const part = errors.slice(offset, offset + chunk);
    await client.query(
      `INSERT INTO upload_error ("uploadId", seq, "orgId", "rowNumber", "column", value, reason)
       SELECT $1, seq, $2, row_number, col, val, reason
       FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[]) AS t(seq, row_number, col, val, reason)`,
      [
        uploadId,
        orgId,
        part.map((_, index) => offset + index + 1),
        part.map((error) => error.rowNumber),
        part.map((error) => error.column),
        part.map((error) => (error.value === null ? null : error.value.slice(0, 500))),
        part.map((error) => error.reason),
      ],
    );
  }
}


export type ProcessOptions = {
  /** Read this file instead of the stored upload (the CLI imports in place) and leave it where it is. */
  filePath?: string;
  onProgress?: (progress: IngestProgress, sizeBytes: number) => void;
};

export async function processUpload(uploadId: string, options: ProcessOptions = {}): Promise<IngestResult | null> {
  const onProgress = options.onProgress;
  // Claimed with a conditional update, so two processes never import the same upload.
  const { rows: claimed } = await pool.query<{ orgId: string; contentHash: string; mode: string; mappingName: string | null; filename: string; sizeBytes: string; timeZone: string }>(
    `UPDATE upload u SET status = 'PROCESSING', "startedAt" = now(), "heartbeatAt" = now(), "updatedAt" = now()
     FROM organization o WHERE u.id = $1 AND u.status = 'PENDING' AND o.id = u."orgId"
     RETURNING u."orgId", u."contentHash", u.mode, u."mappingName", u.filename, u."sizeBytes"::text, o."timeZone"`,
    [uploadId],
  );
  const upload = claimed[0];
  if (!upload) return null; // gone, finished, or another process took it
  const file = options.filePath ?? uploadPath(uploadId);
  const orgId = upload.orgId;
  try {
    if (!existsSync(file)) throw new Error("the stored file is missing");
    const [price, attribute, mappings, teams, workflows] = await Promise.all([
      loadPricer(pool, orgId),
      loadAttribution(pool, orgId),
      pool
        .query<{ name: string; headerSignature: string; mapping: CustomMapping }>(`SELECT name, "headerSignature", mapping FROM column_mapping WHERE "orgId" = $1`, [orgId])
        .then((result) => result.rows),
      pool.query<{ id: string; name: string }>(`SELECT id, name FROM team WHERE "orgId" = $1`, [orgId]).then((result) => result.rows),
      pool.query<{ id: string; name: string }>(`SELECT id, name FROM workflow WHERE "orgId" = $1`, [orgId]).then((result) => result.rows),
    ]);
    let pendingProgress: Promise<unknown> = Promise.resolve();
    // Uploads through the API were hashed as they were stored; a file imported in place (the CLI) is hashed as
    // the import reads it, so it is read once. A restarted (staged) pass hashes from the start again.
    let hash = upload.contentHash ? null : createHash("sha256");
    let hashedPass: string | null = null;
    const result = await ingestCsv({
      pool,
      orgId,
      timeZone: upload.timeZone,
      openInput: () => createReadStream(file, { highWaterMark: 64 * 1024 }),
      onChunk: upload.contentHash
        ? undefined
        : (chunk, pass) => {
            if (hashedPass !== pass) {
              hash = createHash("sha256");
              hashedPass = pass;
            }
            hash!.update(chunk);
          },
      mode: upload.mode === "skip-invalid" ? "skip-invalid" : "strict",
      mapping: upload.mappingName,
      source: { kind: "UPLOAD", uploadId, connectionId: null, ref: upload.filename },
      savedMappings: mappings,
      price,
      attribute,
      teams: new Map(teams.map((team) => [team.name.toLowerCase(), team.id])),
      workflows: new Map(workflows.map((workflow) => [workflow.name.toLowerCase(), workflow.id])),
      onProgress: (progress) => {
        onProgress?.(progress, Number(upload.sizeBytes));
        // Progress goes through its own connection; once the import's transaction marks the upload completed,
        // the status condition turns these late writes into no-ops.
        pendingProgress = pool
          .query(
            `UPDATE upload SET "rowsRead" = $2, "rowsImported" = $3, "rowsRejected" = $4, "rowsSkipped" = $5, "bytesRead" = $6,
               "heartbeatAt" = now(), "updatedAt" = now() WHERE id = $1 AND status = 'PROCESSING'`,
            [uploadId, progress.rowsRead, progress.rowsImported, progress.rowsRejected, progress.rowsSkipped, progress.bytesRead],
          )
          .catch((error: unknown) => logger.warn({ err: error, uploadId }, "upload progress update failed"));
      },
      beforeCommit: async (client, result) => {
        if (result.errors.length > 0) await saveErrors(client, uploadId, orgId, result.errors);
        if (hash) await client.query(`UPDATE upload SET "contentHash" = $2 WHERE id = $1`, [uploadId, hash.digest("hex")]);
        await client.query(
          `UPDATE upload SET status = 'COMPLETED', format = $2, "mappingName" = $3, "rowsRead" = $4, "rowsImported" = $5,
             "rowsSkipped" = $6, "rowsRejected" = $7, "rowsNotAi" = $8, "rowsEmpty" = $9, "periodStart" = $10, "periodEnd" = $11,
             totals = $12, "errorCount" = $13, message = $14, "bytesRead" = "sizeBytes", "finishedAt" = now(), "updatedAt" = now()
           WHERE id = $1`,
          [
            uploadId,
            result.format,
            result.savedMapping,
            result.rowsRead,
            result.rowsImported,
            result.rowsSkipped,
            result.rowsRejected,
            result.rowsNotAi,
            result.rowsEmpty,
            result.periodStart,
            result.periodEnd,
            JSON.stringify(result.totals),
            result.errorCount,
            result.message,
          ],
        );
      },
    });
    await pendingProgress;
    if (result.status === "failed") {
      if (result.errors.length > 0) await saveErrors(pool, uploadId, orgId, result.errors);
      await pool.query(
        `UPDATE upload SET status = 'FAILED', format = $2, "mappingName" = $3, "rowsRead" = $4, "rowsImported" = 0, "rowsSkipped" = $5,
           "rowsRejected" = $6, "rowsNotAi" = $7, "rowsEmpty" = $8, "periodStart" = $9, "periodEnd" = $10, totals = '{}',
           "errorCount" = $11, message = $12, "finishedAt" = now(), "updatedAt" = now()
         WHERE id = $1`,
        [uploadId, result.format, result.savedMapping, result.rowsRead, result.rowsSkipped, result.rowsRejected, result.rowsNotAi, result.rowsEmpty, result.periodStart, result.periodEnd, result.errorCount, result.message],
      );
    }
    if (result.status === "completed") await refreshStatistics(pool, result.rowsImported);
    logger.info({ uploadId, orgId, status: result.status, rows: result.rowsRead, imported: result.rowsImported }, "upload processed");
    return result;
  } catch (error) {
    logger.error({ err: error, uploadId }, "upload failed");
    await pool.query(
      `UPDATE upload SET status = 'FAILED', "finishedAt" = now(), "updatedAt" = now(), "rowsImported" = 0, message = $2 WHERE id = $1`,
      [uploadId, "The import failed on our side; nothing was imported. Try again."],
    );
    return null;
  } finally {
    if (!options.filePath) await removeUploadFile(uploadId);
  }
}

/** Starts an import without waiting for it (the request returns 202 and the page polls the upload). */
export function processUploadInBackground(uploadId: string): void {
  setImmediate(() => {
    processUpload(uploadId)
      .then(async () => {
        // What the import changed may cross a budget's threshold; a failed import is an alert of its own. Loaded
        // on use: the CLI's and the demo's imports (the same pipeline) evaluate once at their end instead.
        const { rows } = await pool.query<{ orgId: string }>(`SELECT "orgId" FROM upload WHERE id = $1`, [uploadId]);
        if (rows[0]) await (await import("@/lib/alerts/trigger")).evaluateSoon(rows[0].orgId);
      })
      .catch((error: unknown) => logger.error({ err: error, uploadId }, "background upload failed"));
  });
}

/**
 * After a restart: imports whose process died mid-way are failed (their transaction rolled back, so nothing of
 * them is in the ledger), and uploads that were waiting are started.
 */
export async function recoverUploads(options: { staleAfterMs?: number; orgId?: string } = {}): Promise<{ failed: number; resumed: number }> {
  const stale = new Date(Date.now() - (options.staleAfterMs ?? HEARTBEAT_STALE_MS));
  const failed = await pool.query(
    `UPDATE upload SET status = 'FAILED', "finishedAt" = now(), "updatedAt" = now(), "rowsImported" = 0,
       message = 'The import was interrupted when the server stopped; nothing was imported. Upload the file again.'
     WHERE status = 'PROCESSING' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < $1) AND ($2::text IS NULL OR "orgId" = $2)`,
    [stale, options.orgId ?? null],
  );
  const { rows: waiting } = await pool.query<{ id: string }>(`SELECT id FROM upload WHERE status = 'PENDING' AND ($1::text IS NULL OR "orgId" = $1)`, [
    options.orgId ?? null,
  ]);
  let resumed = 0;
  for (const upload of waiting) {
    if (existsSync(uploadPath(upload.id))) {
      processUploadInBackground(upload.id);
      resumed++;
    } else {
      await pool.query(
        `UPDATE upload SET status = 'FAILED', "finishedAt" = now(), "updatedAt" = now(),
           message = 'The uploaded file was lost before it was imported. Upload it again.' WHERE id = $1 AND status = 'PENDING'`,
        [upload.id],
      );
    }
  }
  return { failed: failed.rowCount ?? 0, resumed };
}
