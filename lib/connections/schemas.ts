import { z } from "zod";

// Shared by the connections page and the API. Safe to import from client components.

export const PROVIDER_CHOICES = [
  { value: "openai", label: "OpenAI" },
  { value: "anthropic", label: "Anthropic" },
] as const;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a date.");
const today = () => new Date().toISOString().slice(0, 10);
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(""), schema]).nullish();

const baseUrl = z
  .url({ protocol: /^https?$/, error: "A URL such as https://api.openai.com/v1." })
  .max(500)
  .describe("For proxies and regional endpoints; empty: the provider's own API.");

export const ConnectionInputSchema = z.object({
  provider: z.enum(["openai", "anthropic"], { error: "Pick OpenAI or Anthropic." }),
  name: z.string().trim().min(1, "Name the connection.").max(100),
  adminKey: z.string().trim().min(10, "Paste the organization's admin key.").max(500).describe("An admin key (OpenAI sk-admin-…, Anthropic sk-ant-admin…); checked with a live call, stored encrypted, never returned."),
  baseUrl: optional(baseUrl),
  backfillFrom: optional(isoDay.refine((value) => value <= today(), "Cannot be in the future.")).describe("First day to import; default 90 days ago."),
});
export type ConnectionInput = z.input<typeof ConnectionInputSchema>;

export const ConnectionPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  adminKey: z.string().trim().min(10).max(500).optional().describe("A replacement key: checked, and a failing connection becomes active again."),
  baseUrl: optional(baseUrl),
  trailingDays: z.number().int().min(1).max(31).optional().describe("Recent days each sync reads again (providers revise them)."),
});

export const SyncRequestSchema = z
  .object({ from: isoDay.optional(), to: isoDay.optional() })
  .refine((value) => !value.from || !value.to || value.from <= value.to, { message: "from must not be after to.", path: ["to"] })
  .refine((value) => !value.to || value.to <= today(), { message: "Cannot sync the future.", path: ["to"] });

export const RunSchema = z.object({
  id: z.string(),
  trigger: z.enum(["backfill", "schedule", "manual"]),
  status: z.enum(["queued", "running", "completed", "failed"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cursor: z.string().nullable().describe("The first day not yet written"),
  windowsTotal: z.number(),
  windowsDone: z.number(),
  records: z.number().describe("Ledger records written"),
  requests: z.number(),
  retries: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunView = z.infer<typeof RunSchema>;

export const ConnectionSchema = z.object({
  id: z.string(),
  provider: z.enum(["openai", "anthropic"]),
  name: z.string(),
  keyHint: z.string().describe("The key's first and last characters; the key itself is never returned"),
  baseUrl: z.string().nullable(),
  status: z.enum(["active", "failing"]),
  statusMessage: z.string().nullable(),
  backfillFrom: z.string(),
  backfill: z.object({ done: z.boolean(), through: z.string().nullable().describe("Last day imported"), progress: z.number().describe("0 to 1") }),
  trailingDays: z.number(),
  lastSyncAt: z.string().nullable(),
  lastSyncStatus: z.string().nullable(),
  lastSyncMessage: z.string().nullable(),
  nextSyncAt: z.string().nullable(),
  records: z.number(),
  coverage: z.object({ from: z.string(), to: z.string() }).nullable(),
  activeRun: RunSchema.nullable(),
  createdAt: z.string(),
});
export type ConnectionView = z.infer<typeof ConnectionSchema>;

export const ClaudeCodeSummarySchema = z.object({
  actor: z.string(),
  sessions: z.number(),
  linesAdded: z.number(),
  linesRemoved: z.number(),
  commits: z.number(),
  pullRequests: z.number(),
  tokens: z.number(),
  estimatedCost: z.string().describe("USD, Anthropic's estimate"),
});
export type ClaudeCodeSummary = z.infer<typeof ClaudeCodeSummarySchema>;
