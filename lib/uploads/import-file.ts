import { stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import type { IngestProgress } from "@/lib/ingest/pipeline";
import { processUpload } from "@/lib/uploads/process-upload";

/**
 * Imports a file from disk through the same pipeline as an upload, recorded in the upload history. Unsafe (no
 * actor): for the CLI, the demo seed and the benchmark, which run with direct database access.
 */
export async function unsafeImportFile(options: {
  orgId: string;
  filePath: string;
  mode?: "strict" | "skip-invalid";
  mapping?: string | null;
  uploadedById?: string | null;
  onProgress?: (progress: IngestProgress, sizeBytes: number) => void;
}) {
  const { size } = await stat(options.filePath);
  const upload = await db.upload.create({
    data: {
      orgId: options.orgId,
      uploadedById: options.uploadedById ?? null,
      filename: path.basename(options.filePath),
      sizeBytes: size,
      // Filled in as the import reads the file (lib/uploads/process-upload.ts).
      contentHash: "",
      mode: options.mode ?? "strict",
      mappingName: options.mapping ?? null,
    },
  });
  const result = await processUpload(upload.id, { filePath: options.filePath, onProgress: options.onProgress });
  return { uploadId: upload.id, result, upload: await db.upload.findUniqueOrThrow({ where: { id: upload.id } }) };
}
