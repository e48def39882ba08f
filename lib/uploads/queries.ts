import "server-only";
import { stringify } from "csv-stringify";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { safeCell } from "@/lib/exports/safe-cell";
import type { CustomMapping } from "@/lib/ingest/formats/custom-schema";
import { BUILT_IN_FORMATS, type SavedMapping } from "@/lib/ingest/registry";
import type { UploadView } from "@/lib/uploads/schemas";
import { toUploadView, uploadInclude } from "@/lib/uploads/upload-view";

const LABELS = new Map(BUILT_IN_FORMATS.map((format) => [format.id, format.label]));
const formatLabel = (format: string | null) => (format ? LABELS.get(format) ?? (format.startsWith("custom:") ? `Saved mapping "${format.slice(7)}"` : format) : null);

async function withContext(actor: Actor, uploads: Awaited<ReturnType<typeof db.upload.findMany<{ include: typeof uploadInclude }>>>): Promise<UploadView[]> {
  const userIds = [...new Set(uploads.map((upload) => upload.uploadedById).filter((id): id is string => Boolean(id)))];
  const hashes = [...new Set(uploads.map((upload) => upload.contentHash))];
  const [users, earlier] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    db.upload.findMany({
      where: { orgId: actor.org.id, contentHash: { in: hashes }, status: "COMPLETED" },
      select: { id: true, contentHash: true, createdAt: true, finishedAt: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return uploads.map((upload) => {
    const first = earlier.find((candidate) => candidate.contentHash === upload.contentHash && candidate.createdAt < upload.createdAt);
    return toUploadView(upload, {
      uploadedBy: upload.uploadedById ? emailOf.get(upload.uploadedById) ?? null : null,
      duplicateOf: first ? { id: first.id, importedAt: (first.finishedAt ?? first.createdAt).toISOString() } : null,
      formatLabel: formatLabel(upload.format),
    });
  });
}

export async function listUploads(actor: Actor, options: { limit?: number } = {}): Promise<UploadView[]> {
  authorize(actor, "uploads:read");
  const uploads = await db.upload.findMany({
    where: { orgId: actor.org.id },
    include: uploadInclude,
    orderBy: { createdAt: "desc" },
    take: Math.min(options.limit ?? 100, 500),
  });
  return withContext(actor, uploads);
}

export async function getUpload(actor: Actor, id: string): Promise<UploadView> {
  authorize(actor, "uploads:read");
  const upload = await db.upload.findFirst({ where: { id, orgId: actor.org.id }, include: uploadInclude });
  if (!upload) throw AppError.notFound("Upload");
  return (await withContext(actor, [upload]))[0]!;
}

/** Every stored error of an upload as CSV (row, column, value, reason), streamed. */
export async function uploadErrorsCsv(actor: Actor, id: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  authorize(actor, "uploads:read");
  const upload = await db.upload.findFirst({ where: { id, orgId: actor.org.id }, select: { id: true, filename: true } });
  if (!upload) throw AppError.notFound("Upload");
  const safe = (value: string | null) => (value === null ? "" : safeCell(value));
  const csv = stringify({ header: true, columns: ["row", "column", "value", "reason"] });
  void (async () => {
    let seq = 0;
    while (true) {
      const batch = await db.uploadError.findMany({ where: { uploadId: id, seq: { gt: seq } }, orderBy: { seq: "asc" }, take: 5000 });
      if (batch.length === 0) break;
      for (const error of batch) {
        if (!csv.write([error.rowNumber ?? "", safe(error.column), safe(error.value), safe(error.reason)])) {
          await new Promise((resolve) => csv.once("drain", resolve));
        }
      }
      seq = batch.at(-1)!.seq;
    }
    csv.end();
  })().catch((error: unknown) => csv.destroy(error as Error));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      csv.on("data", (chunk: Buffer | string) => controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk)));
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
    },
  });
  return { filename: `${upload.filename.replace(/\.(csv|gz)+$/i, "")}-errors.csv`, stream };
}

export async function listColumnMappings(actor: Actor): Promise<(SavedMapping & { id: string; headers: string[] })[]> {
  authorize(actor, "uploads:read");
  const mappings = await db.columnMapping.findMany({ where: { orgId: actor.org.id }, orderBy: { name: "asc" } });
  return mappings.map((mapping) => ({
    id: mapping.id,
    name: mapping.name,
    headers: mapping.headers,
    headerSignature: mapping.headerSignature,
    mapping: mapping.mapping as CustomMapping,
  }));
}
