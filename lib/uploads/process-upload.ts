import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { db } from "@/lib/db";
import type { CustomMapping } from "@/lib/ingest/formats/custom-schema";
import { ingestCsv, type IngestProgress, type IngestResult, type RowError } from "@/lib/ingest/pipeline";
import { logger } from "@/lib/log";
import { pool } from "@/lib/pg";
import { removeUploadFile, uploadPath } from "@/lib/uploads/storage";

// Imports a stored upload. Runs in the background of the app process (and, for the CLI, in the foreground); the
// upload row carries its progress, so a page reload or another process sees where it is. Idempotent in effect:
// records upsert on natural keys, so running it twice changes nothing.

const HEARTBEAT_STALE_MS = 2 * 60 * 1000;

async function saveErrors(uploadId: string, orgId: string, errors: RowError[]): Promise<void> {
  const chunk = 5000;
  for (let offset = 0; offset < errors.length; offset += chunk) {
    const part = errors.slice(offset, offset + chunk);
    await pool.query(
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

function counters(result: IngestResult) {
  return {
    format: result.format,
    mappingName: result.savedMapping,
    rowsRead: result.rowsRead,
    rowsImported: result.rowsImported,
    rowsSkipped: result.rowsSkipped,
    rowsRejected: result.rowsRejected,
    rowsNotAi: result.rowsNotAi,
    rowsEmpty: result.rowsEmpty,
    periodStart: result.periodStart,
    periodEnd: result.periodEnd,
    errorCount: result.errorCount,
    message: result.message,
  };
}

export type ProcessOptions = {
  /** Read this file instead of the stored upload (the CLI imports in place) and leave it where it is. */
  filePath?: string;
  onProgress?: (progress: IngestProgress, sizeBytes: number) => void;
};

export async function processUpload(uploadId: string, options: ProcessOptions = {}): Promise<IngestResult | null> {
  const onProgress = options.onProgress;
  const upload = await db.upload.findUnique({ where: { id: uploadId }, include: { organization: true } });
  if (!upload || upload.status !== "PENDING") return null;
  const claimed = await db.upload.updateMany({
    where: { id: uploadId, status: "PENDING" },
    data: { status: "PROCESSING", startedAt: new Date(), heartbeatAt: new Date() },
  });
  if (claimed.count !== 1) return null; // another process took it
  const file = options.filePath ?? uploadPath(uploadId);
  const orgId = upload.orgId;
  try {
    if (!existsSync(file)) throw new Error("the stored file is missing");
    const [mappings, teams, workflows] = await Promise.all([
      db.columnMapping.findMany({ where: { orgId } }),
      db.team.findMany({ where: { orgId }, select: { id: true, name: true } }),
      db.workflow.findMany({ where: { orgId }, select: { id: true, name: true } }),
    ]);
    let pendingProgress: Promise<unknown> = Promise.resolve();
    // Uploads through the API were hashed as they were stored; a file imported in place (the CLI) is hashed as
    // the import reads it, so it is read once. A restarted (staged) pass hashes from the start again.
    let hash = upload.contentHash ? null : createHash("sha256");
    let hashedPass: string | null = null;
    const result = await ingestCsv({
      pool,
      orgId,
      timeZone: upload.organization.timeZone,
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
      savedMappings: mappings.map((mapping) => ({ name: mapping.name, headerSignature: mapping.headerSignature, mapping: mapping.mapping as CustomMapping })),
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
      await db.upload.update({
        where: { id: uploadId },
        data: { ...counters(result), rowsImported: 0, status: "FAILED", finishedAt: new Date(), totals: {} },
      });
    }
    if (result.errors.length > 0) await saveErrors(uploadId, orgId, result.errors);
    logger.info({ uploadId, orgId, status: result.status, rows: result.rowsRead, imported: result.rowsImported }, "upload processed");
    return result;
  } catch (error) {
    logger.error({ err: error, uploadId }, "upload failed");
    await db.upload.update({
      where: { id: uploadId },
      data: { status: "FAILED", finishedAt: new Date(), rowsImported: 0, message: "The import failed on our side; nothing was imported. Try again." },
    });
    return null;
  } finally {
    if (!options.filePath) await removeUploadFile(uploadId);
  }
}

/** Starts an import without waiting for it (the request returns 202 and the page polls the upload). */
export function processUploadInBackground(uploadId: string): void {
  setImmediate(() => {
    processUpload(uploadId).catch((error: unknown) => logger.error({ err: error, uploadId }, "background upload failed"));
  });
}

/**
 * After a restart: imports whose process died mid-way are failed (their transaction rolled back, so nothing of
 * them is in the ledger), and uploads that were waiting are started.
 */
export async function recoverUploads(options: { staleAfterMs?: number; orgId?: string } = {}): Promise<{ failed: number; resumed: number }> {
  const stale = new Date(Date.now() - (options.staleAfterMs ?? HEARTBEAT_STALE_MS));
  const scope = options.orgId ? { orgId: options.orgId } : {};
  const failed = await db.upload.updateMany({
    where: { ...scope, status: "PROCESSING", OR: [{ heartbeatAt: { lt: stale } }, { heartbeatAt: null }] },
    data: {
      status: "FAILED",
      finishedAt: new Date(),
      rowsImported: 0,
      message: "The import was interrupted when the server stopped; nothing was imported. Upload the file again.",
    },
  });
  const waiting = await db.upload.findMany({ where: { ...scope, status: "PENDING" }, select: { id: true } });
  let resumed = 0;
  for (const upload of waiting) {
    if (existsSync(uploadPath(upload.id))) {
      processUploadInBackground(upload.id);
      resumed++;
    } else {
      await db.upload.update({ where: { id: upload.id }, data: { status: "FAILED", finishedAt: new Date(), message: "The uploaded file was lost before it was imported. Upload it again." } });
    }
  }
  return { failed: failed.count, resumed };
}
