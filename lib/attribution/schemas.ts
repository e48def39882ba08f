import { z } from "zod";
import { RULE_FIELDS, RULE_OPERATORS, regexProblem } from "@/lib/attribution/matcher";

// Shared by the attribution settings page and the API. Safe to import from client components.

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");

export const ConditionSchema = z
  .object({
    field: z.enum(RULE_FIELDS),
    operator: z.enum(RULE_OPERATORS),
    value: z.string().trim().min(1, "Enter a value to match.").max(200),
    tagKey: z.string().trim().max(100).nullish(),
  })
  .superRefine((condition, context) => {
    if (condition.field === "tag" && !condition.tagKey) context.addIssue({ code: "custom", path: ["tagKey"], message: "Name the tag key." });
    if (condition.operator === "regex") {
      const problem = regexProblem(condition.value);
      if (problem) context.addIssue({ code: "custom", path: ["value"], message: `Not a regular expression: ${problem}` });
    }
  });
export type ConditionInput = z.input<typeof ConditionSchema>;

const target = { teamId: z.string().trim().nullish(), workflowId: z.string().trim().nullish() };

export const RuleInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the rule.").max(120),
    conditions: z.array(ConditionSchema).min(1, "Add at least one condition.").max(10),
    ...target,
    enabled: z.boolean().default(true),
    /** 1-based place in the order; default: last. */
    position: z.number().int().min(1).optional(),
  })
  .refine((rule) => Boolean(rule.teamId) || Boolean(rule.workflowId), { message: "Pick a team, a workflow, or both.", path: ["teamId"] });
export type RuleInput = z.input<typeof RuleInputSchema>;

export const RulePatchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  conditions: z.array(ConditionSchema).min(1).max(10).optional(),
  teamId: z.string().trim().nullish(),
  workflowId: z.string().trim().nullish(),
  enabled: z.boolean().optional(),
  position: z.number().int().min(1).optional(),
});

export const PreviewSchema = z.object({
  /** The rule as it would be saved: a new one, or an existing one's new version (with its id). */
  rule: RuleInputSchema.and(z.object({ id: z.string().optional() })),
  days: z.number().int().min(1).max(90).default(30),
});

export const ApplySchema = z
  .object({ from: isoDay, to: isoDay })
  .refine((value) => value.from <= value.to, { message: "from must not be after to.", path: ["to"] });

export const RuleSchema = z.object({
  id: z.string(),
  position: z.number(),
  name: z.string(),
  conditions: z.array(z.object({ field: z.enum(RULE_FIELDS), operator: z.enum(RULE_OPERATORS), value: z.string(), tagKey: z.string().nullable().optional() })),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  workflowId: z.string().nullable(),
  workflowName: z.string().nullable(),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof RuleSchema>;

export const MoveSchema = z.object({
  from: z.object({ teamId: z.string().nullable(), teamName: z.string().nullable(), workflowId: z.string().nullable(), workflowName: z.string().nullable() }),
  to: z.object({ teamId: z.string().nullable(), teamName: z.string().nullable(), workflowId: z.string().nullable(), workflowName: z.string().nullable() }),
  currency: z.string(),
  /** Effective cost moved (billed where billed, else estimated), decimal string. */
  spend: z.string(),
  records: z.number(),
});
export type MoveView = z.infer<typeof MoveSchema>;

export const PreviewResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  moves: z.array(MoveSchema),
  /** Per currency: spend that would be attributed, and left unattributed, after the change. */
  attributed: z.record(z.string(), z.string()),
  unattributed: z.record(z.string(), z.string()),
});
export type PreviewResult = z.infer<typeof PreviewResultSchema>;

export const SPLIT_METHODS = ["even", "fixed", "proportional"] as const;
export const SPLIT_METHOD_LABELS: Record<(typeof SPLIT_METHODS)[number], string> = {
  even: "Evenly",
  fixed: "By fixed shares",
  proportional: "In proportion to their own spend",
};

export const SplitInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the split.").max(120),
    /** The team whose spend is shared; "" or null: the unattributed spend. */
    sourceTeamId: z.string().trim().nullish(),
    method: z.enum(SPLIT_METHODS),
    targets: z
      .array(z.object({ teamId: z.string().trim().min(1), percent: z.string().trim().regex(/^\d{1,3}(\.\d{1,4})?$/, "A percentage, e.g. 25").nullish() }))
      .min(1, "Pick the teams that share it.")
      .max(100),
  })
  .superRefine((split, context) => {
    const ids = split.targets.map((target) => target.teamId);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: "custom", path: ["targets"], message: "Each team once." });
    if (split.sourceTeamId && ids.includes(split.sourceTeamId)) context.addIssue({ code: "custom", path: ["targets"], message: "The shared team cannot also receive a share." });
    if (split.method === "fixed") {
      if (split.targets.some((target) => !target.percent)) context.addIssue({ code: "custom", path: ["targets"], message: "Give every team its percentage." });
      else {
        // Exact decimal sum: 33.3333 × 3 is not 100.
        const hundredths = split.targets.reduce((sum, target) => sum + Math.round(Number(target.percent) * 10_000), 0);
        if (hundredths !== 1_000_000) context.addIssue({ code: "custom", path: ["targets"], message: "The percentages must add up to 100." });
      }
    }
  });
export type SplitInput = z.input<typeof SplitInputSchema>;

export const SplitSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceTeamId: z.string().nullable(),
  sourceTeamName: z.string().describe('"Unattributed" for unattributed spend'),
  method: z.enum(SPLIT_METHODS),
  targets: z.array(z.object({ teamId: z.string(), teamName: z.string(), percent: z.string().nullable() })),
});
export type SplitView = z.infer<typeof SplitSchema>;
