import { z } from "zod";

export const UPLOAD_MODES = ["strict", "skip-invalid"] as const;
export const UploadModeSchema = z.enum(UPLOAD_MODES, { error: 'mode is "strict" (reject the file on any invalid row) or "skip-invalid".' });

export const UploadOptionsSchema = z.object({
  mode: UploadModeSchema.default("strict"),
  mapping: z.string().trim().min(1).max(100).nullish().transform((value) => value ?? null),
  filename: z.string().trim().min(1).max(255).nullish(),
});

const TotalsSchema = z.record(
  z.string(),
  z.object({ billed: z.string(), estimated: z.string(), records: z.number(), billedRecords: z.number().describe("Records that stated a cost; 0 for usage-only exports") }),
);

export const UploadErrorSchema = z.object({
  rowNumber: z.number().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

export const UploadSchema = z.object({
  id: z.string(),
  filename: z.string(),
  sizeBytes: z.number(),
  status: z.enum(["pending", "processing", "completed", "failed"]),
  format: z.string().nullable(),
  formatLabel: z.string().nullable(),
  mode: UploadModeSchema,
  mapping: z.string().nullable(),
  rowsRead: z.number(),
  rowsImported: z.number(),
  rowsSkipped: z.number(),
  rowsRejected: z.number(),
  rowsNotAi: z.number(),
  rowsEmpty: z.number(),
  bytesRead: z.number(),
  /** 0–1, by bytes read. */
  progress: z.number(),
  /** Estimated seconds left while processing. */
  etaSeconds: z.number().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  /** Decimal strings by currency. */
  totals: TotalsSchema,
  errorCount: z.number(),
  firstErrors: z.array(UploadErrorSchema),
  message: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  duplicateOf: z.object({ id: z.string(), importedAt: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});
export type UploadView = z.infer<typeof UploadSchema>;

export const UploadPreviewSchema = z.object({
  format: z.string().nullable(),
  formatLabel: z.string().nullable(),
  savedMapping: z.string().nullable(),
  message: z.string().nullable(),
  headers: z.array(z.string()),
  delimiter: z.string().nullable(),
  /** The first rows as they will be read. */
  rows: z.array(
    z.object({
      rowNumber: z.number(),
      cells: z.array(z.string()),
      outcome: z.enum(["imported", "not_ai", "empty", "invalid"]),
      issues: z.array(UploadErrorSchema.omit({ rowNumber: true })),
      records: z.array(
        z.object({
          periodStart: z.string(),
          periodEnd: z.string(),
          provider: z.string(),
          service: z.string().nullable(),
          model: z.string().nullable(),
          serviceTier: z.string().nullable(),
          project: z.string().nullable(),
          apiKey: z.string().nullable(),
          inputTokens: z.number(),
          outputTokens: z.number(),
          requests: z.number(),
          billedCost: z.string().nullable(),
          currency: z.string(),
          chargeCategory: z.string(),
        }),
      ),
    }),
  ),
  /** Saved mappings offered for this header, when no built-in format reads it. */
  suggestedMappings: z.array(z.string()),
});
export type UploadPreview = z.infer<typeof UploadPreviewSchema>;
