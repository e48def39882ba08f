import { stat } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { IngestProgress } from "@/lib/ingest/pipeline";
import { pool } from "@/lib/pg";
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
  const id = randomUUID();
  // contentHash is filled in as the import reads the file (lib/uploads/process-upload.ts). Plain pg, like the
  // import itself: no Prisma engine in the importing process.
  await pool.query(
    `INSERT INTO upload (id, "orgId", "uploadedById", filename, "sizeBytes", "contentHash", mode, "mappingName", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, '', $6, $7, now())`,
    [id, options.orgId, options.uploadedById ?? null, path.basename(options.filePath), size, options.mode ?? "strict", options.mapping ?? null],
  );
  const result = await processUpload(id, { filePath: options.filePath, onProgress: options.onProgress });
  return { uploadId: id, result };
}
