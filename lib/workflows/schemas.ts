import { z } from "zod";

export const WorkflowInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  description: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters.")
    .nullish()
    .transform((value) => (value ? value : null)),
  /** "" (the form's "no team") and null both mean no owning team. */
  teamId: z.string().nullish().transform((value) => (value ? value : null)),
  /** Someone waits for the answer (true), or not: nightly jobs, backfills (false, batch-friendly); null: not said. */
  interactive: z
    .union([z.boolean(), z.enum(["", "true", "false"])])
    .nullish()
    .transform((value) => (value === true || value === "true" ? true : value === false || value === "false" ? false : null)),
});
export type WorkflowInput = z.input<typeof WorkflowInputSchema>;

export const WorkflowPatchSchema = WorkflowInputSchema.partial().strict();
export type WorkflowPatch = z.input<typeof WorkflowPatchSchema>;

export const WorkflowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  interactive: z.boolean().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkflowView = z.infer<typeof WorkflowSchema>;
