import type { Prisma } from "@/lib/db";
import type { UploadView } from "@/lib/uploads/schemas";

export const uploadInclude = {
  errors: { orderBy: { seq: "asc" }, take: 10 },
} as const satisfies Prisma.UploadInclude;

type UploadRow = Prisma.UploadGetPayload<{ include: typeof uploadInclude }>;

const STATUS = { PENDING: "pending", PROCESSING: "processing", COMPLETED: "completed", FAILED: "failed" } as const;

export function toUploadView(upload: UploadRow, extra: { uploadedBy?: string | null; duplicateOf?: UploadView["duplicateOf"]; formatLabel?: string | null } = {}): UploadView {
  const sizeBytes = Number(upload.sizeBytes);
  const bytesRead = Number(upload.bytesRead);
  const progress = upload.status === "COMPLETED" ? 1 : sizeBytes > 0 ? Math.min(bytesRead / sizeBytes, 1) : 0;
  let etaSeconds: number | null = null;
  if (upload.status === "PROCESSING" && upload.startedAt && progress > 0.01) {
    const elapsed = (Date.now() - upload.startedAt.getTime()) / 1000;
    etaSeconds = Math.max(Math.round((elapsed / progress) * (1 - progress)), 0);
  }
  return {
    id: upload.id,
    filename: upload.filename,
    sizeBytes,
    status: STATUS[upload.status],
    format: upload.format,
    formatLabel: extra.formatLabel ?? null,
    mode: upload.mode === "skip-invalid" ? "skip-invalid" : "strict",
    mapping: upload.mappingName,
    rowsRead: upload.rowsRead,
    rowsImported: upload.rowsImported,
    rowsSkipped: upload.rowsSkipped,
    rowsRejected: upload.rowsRejected,
    rowsNotAi: upload.rowsNotAi,
    rowsEmpty: upload.rowsEmpty,
    bytesRead,
    progress,
    etaSeconds,
    periodStart: upload.periodStart?.toISOString() ?? null,
    periodEnd: upload.periodEnd?.toISOString() ?? null,
    totals: (upload.totals as UploadView["totals"] | null) ?? {},
    errorCount: upload.errorCount,
    firstErrors: upload.errors.map((error) => ({ rowNumber: error.rowNumber, column: error.column, value: error.value, reason: error.reason })),
    message: upload.message,
    uploadedBy: extra.uploadedBy ?? null,
    duplicateOf: extra.duplicateOf ?? null,
    createdAt: upload.createdAt.toISOString(),
    startedAt: upload.startedAt?.toISOString() ?? null,
    finishedAt: upload.finishedAt?.toISOString() ?? null,
    deletedAt: upload.deletedAt?.toISOString() ?? null,
  };
}
