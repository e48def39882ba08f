// What every source becomes (DESIGN.md "Architecture"): a format is a mapper from its rows to NormalizedUsage.

export const CHARGE_CATEGORIES = ["usage", "credit", "refund", "tax", "purchase", "adjustment"] as const;
export type ChargeCategory = (typeof CHARGE_CATEGORIES)[number];

export const SERVICE_TIERS = ["standard", "batch", "flex", "priority"] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** Exclusive token buckets: a token is in exactly one (reasoning tokens are inside outputTokens). */
export type TokenBuckets = {
  uncachedInputTokens: number;
  cacheReadInputTokens: number;
  cacheWrite5mInputTokens: number;
  cacheWrite1hInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
};

export const TOKEN_BUCKETS = [
  "uncachedInputTokens",
  "cacheReadInputTokens",
  "cacheWrite5mInputTokens",
  "cacheWrite1hInputTokens",
  "outputTokens",
  "reasoningTokens",
] as const satisfies readonly (keyof TokenBuckets)[];

export type NormalizedUsage = {
  /** Start inclusive, end exclusive. */
  periodStart: Date;
  periodEnd: Date;
  /** Who is paid for it: openai, anthropic, aws-bedrock, azure-openai, gcp-vertex, or a cloud's slug (aws, microsoft, …). */
  provider: string;
  /** The provider's service, e.g. "Amazon Bedrock", "Amazon Simple Queue Service". */
  service: string | null;
  /** The model as the source spells it, and normalized (lib/ingest/model-names.ts). */
  modelRaw: string | null;
  model: string | null;
  serviceTier: ServiceTier | null;
  /** Provider project, workspace or sub-account. */
  project: string | null;
  apiKey: string | null;
  providerUser: string | null;
  tags: Record<string, string> | null;
  /** "above_200k" when the source says the usage was long-context (priced apart). */
  contextTier?: string | null;
  /** Names from the source (custom mappings), resolved to ids by the pipeline. */
  teamName: string | null;
  workflowName: string | null;
  tokens: TokenBuckets;
  requests: number;
  /** Non-token usage: images, audio seconds, searches, or a cloud's own unit. Decimal string. */
  otherUnits: string | null;
  otherUnit: string | null;
  /** Decimal strings; never floats. */
  billedCost: string | null;
  estimatedCost: string | null;
  /** ISO 4217, upper case. */
  currency: string;
  chargeCategory: ChargeCategory;
  /**
   * What identifies this row at its source beyond the dimensions above (e.g. FOCUS ResourceId and SkuPriceId,
   * the token type of a cost line). Goes into the natural key.
   */
  identity: readonly (string | null)[];
  /**
   * The family of source this row belongs to, shared by every way the same data can arrive (the OpenAI usage CSV
   * and the OpenAI usage API use the same one), so a CSV and a sync of the same bucket are one record.
   */
  keyNamespace: string;
};

/** A problem with one row: where and why. */
export type RowIssue = { column: string | null; value: string | null; reason: string };

export type MapOutcome =
  | { kind: "records"; records: NormalizedUsage[] }
  | { kind: "skip"; reason: "not_ai" | "empty" }
  | { kind: "invalid"; issues: RowIssue[] };

export type RowContext = {
  /** 1 = the first data row after the header. */
  rowNumber: number;
  now: Date;
};

export type Row = Record<string, string>;

export type FormatMapper = {
  id: string;
  label: string;
  /** A short description of the file for the "supported formats" list. */
  description: string;
  /**
   * How well a header fits this format: 0 = not at all. The highest score wins; ties are broken by order in the
   * registry. Headers are as in the file, trimmed, BOM removed.
   */
  detect(headers: readonly string[]): number;
  map(row: Row, context: RowContext): MapOutcome;
  /** The column a record's period starts at, named in errors such as "is in the future". */
  periodColumn?: string;
  /**
   * The columns the mapper reads. detect() matches headers ignoring case and punctuation, so a file may write
   * "lineItem/UsageType" or "costInBillingCurrency"; the pipeline renames such headers to these names before
   * mapping, once per file (lib/ingest/fields.ts canonicalHeaders).
   */
  columns?: readonly string[];
};
