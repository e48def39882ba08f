import "server-only";
import type { Readable } from "node:stream";
import Decimal from "decimal.js";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit, recordAuditSql } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parseInput } from "@/lib/errors";
import { headerSignature } from "@/lib/ingest/formats/custom";
import { SaveMappingSchema } from "@/lib/ingest/formats/custom-schema";
import { deleteUploadRecords, lockOrganizationLedger } from "@/lib/ingest/ledger-sql";
import { pool } from "@/lib/pg";
import { processUploadInBackground } from "@/lib/uploads/process-upload";
import { UploadOptionsSchema, type UploadView } from "@/lib/uploads/schemas";
import { moveToUpload, removeUploadFile, storeUpload } from "@/lib/uploads/storage";
import { getUpload } from "@/lib/uploads/queries";

/**
 * Stores an upload and starts importing it. Returns at once (the API answers 202); the upload's status follows
 * the import. The same content uploaded before is named in `duplicateOf`: importing it again updates records in
 * place, so totals do not double.
 */
export async function createUpload(
  actor: Actor,
  input: { body: Readable; filename: string; options: unknown },
  schedule: (uploadId: string) => void = processUploadInBackground,
): Promise<UploadView> {
  authorize(actor, "uploads:write");
  const options = parseInput(UploadOptionsSchema, input.options);
  if (options.mapping && !(await db.columnMapping.findUnique({ where: { orgId_name: { orgId: actor.org.id, name: options.mapping } } }))) {
    throw new AppError("validation_failed", `There is no saved mapping named "${options.mapping}".`, { fieldErrors: { mapping: ["Unknown mapping."] } });
  }
  const stored = await storeUpload(input.body);
  const upload = await db.upload.create({
    data: {
      orgId: actor.org.id,
      uploadedById: actor.userId,
      filename: input.filename.slice(0, 255),
      sizeBytes: stored.sizeBytes,
      contentHash: stored.contentHash,
      mode: options.mode,
      mappingName: options.mapping,
    },
  });
  try {
    await moveToUpload(stored, upload.id);
  } catch (error) {
    await db.upload.delete({ where: { id: upload.id } });
    throw error;
  }
  await db.auditLog.create({
    data: {
      ...auditWho(actor),
      action: "upload.create",
      entityType: "upload",
      entityId: upload.id,
      after: { filename: upload.filename, sizeBytes: stored.sizeBytes, contentHash: stored.contentHash, mode: options.mode },
    },
  });
  schedule(upload.id);
  return getUpload(actor, upload.id);
}

/** Removes exactly the records this upload last wrote, and their rollups, in one transaction; audited with totals. */
export async function deleteUpload(actor: Actor, uploadId: string) {
  authorize(actor, "uploads:write");
  const upload = await db.upload.findFirst({ where: { id: uploadId, orgId: actor.org.id } });
  if (!upload) throw AppError.notFound("Upload");
  if (upload.deletedAt) throw new AppError("conflict", "This upload was already deleted.");
  if (upload.status === "PROCESSING" || upload.status === "PENDING") {
    throw new AppError("conflict", "This upload is still importing; delete it when it has finished.");
  }
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockOrganizationLedger(client, actor.org.id);
    const removed = await deleteUploadRecords(
      client,
      actor.org.id,
      uploadId,
      upload.periodStart && upload.periodEnd ? { start: upload.periodStart, end: upload.periodEnd } : null,
    );
    const records = removed.reduce((sum, row) => sum + Number(row.records), 0);
    const byCurrency: Record<string, { billed: string | null; records: number }> = {};
    for (const row of removed) {
      const entry = (byCurrency[row.currency] ??= { billed: "0", records: 0 });
      entry.records += Number(row.records);
      entry.billed = new Decimal(entry.billed ?? 0).plus(row.billed ?? 0).toFixed();
    }
    await client.query(`UPDATE upload SET "deletedAt" = now(), "updatedAt" = now() WHERE id = $1`, [uploadId]);
    await recordAuditSql(client, auditWho(actor), {
      action: "upload.delete",
      entityType: "upload",
      entityId: uploadId,
      before: { filename: upload.filename, records, totals: byCurrency },
    });
    await client.query("COMMIT");
    return { records, totals: byCurrency };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
    await removeUploadFile(uploadId);
  }
}

export async function saveColumnMapping(actor: Actor, input: unknown) {
  authorize(actor, "uploads:write");
  const data = parseInput(SaveMappingSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      const mapping = await tx.columnMapping.create({
        data: {
          orgId: actor.org.id,
          name: data.name,
          headers: data.headers,
          headerSignature: headerSignature(data.headers),
          mapping: data.mapping,
          createdById: actor.userId,
        },
      });
      await recordAudit(tx, auditWho(actor), { action: "column_mapping.create", entityType: "column_mapping", entityId: mapping.id, after: { name: data.name, mapping: data.mapping } });
      return { id: mapping.id, name: mapping.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `A mapping named "${data.name}" already exists.`, { fieldErrors: { name: ["A mapping with this name already exists."] } });
    }
    throw error;
  }
}
