import { z } from "zod";

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((value) => (value ? value : null));

export const TeamInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  description: optionalText(500, "Use at most 500 characters."),
  costCenter: optionalText(64, "Use at most 64 characters."),
  /** "" (the form's "no parent") and null both mean a top-level team. */
  parentId: z.string().nullish().transform((value) => (value ? value : null)),
  managerIds: z.array(z.string().min(1)).max(50, "At most 50 managers.").default([]),
});
export type TeamInput = z.input<typeof TeamInputSchema>;

/** PATCH: any subset of the fields. */
export const TeamPatchSchema = z
  .object({
    name: TeamInputSchema.shape.name,
    description: TeamInputSchema.shape.description,
    costCenter: TeamInputSchema.shape.costCenter,
    parentId: TeamInputSchema.shape.parentId,
    managerIds: z.array(z.string().min(1)).max(50, "At most 50 managers."),
  })
  .partial()
  .strict();
export type TeamPatch = z.input<typeof TeamPatchSchema>;

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  costCenter: z.string().nullable(),
  parentId: z.string().nullable(),
  managers: z.array(z.object({ id: z.string(), name: z.string().nullable(), email: z.string() })),
  workflowCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamView = z.infer<typeof TeamSchema>;
