import { Readable } from "node:stream";
import Decimal from "decimal.js";
import type { Pool } from "pg";
import { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import {
  FOCUS_EXPORT_COLUMNS,
  FOCUS_EXPORT_HEADER,
  FOCUS_VERSION,
  NUMERIC_FORMAT,
  type FocusChargeCategory,
  type FocusChargeFrequency,
  type FocusRow,
  type FocusServiceCategory,
  type FocusServiceSubcategory,
} from "@/lib/exports/focus-spec";
import { csvField, csvRecord } from "@/lib/exports/csv";
import { neutralizeFormula } from "@/lib/exports/safe-cell";
import { providerLabel } from "@/lib/ingest/providers";
import type { ChargeCategory } from "@/lib/ingest/types";

// The ledger as a FOCUS 1.2 cost-and-usage CSV (reference/provider-formats.md §4.1), one row per usage_record of
// the organization whose usage date is in the range. Columns and their formats: lib/exports/focus-spec.ts.
//
// It streams: a server-side cursor in a read-only transaction, fetched in batches, each batch encoded and handed
// on only when the reader asks for more, so a year of ten million records never sits in memory. Numbers come from
// Postgres numeric as text and are only trimmed, never parsed into floats.
//
// No authorization here, like the ingest pipeline: the caller (a route or a queries.ts function) checks the actor's
// permission and passes the actor's own organization.

// ---------------------------------------------------------------------------------------------------------------
// Cell formats

/** numeric::text ("0.00000080000000", "-2.61370000000000") → FOCUS NumericFormat ("0.0000008", "-2.6137"). */
export function formatDecimal(value: string): string {
  let text = value.trim();
  // Postgres never writes numeric with an exponent; a caller passing "1E-7" still gets plain digits, never "1e-7".
  if (/e/i.test(text)) text = new Decimal(text).toFixed();
  if (!NUMERIC_FORMAT.test(text)) throw new Error(`Not a decimal number: "${value}"`);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  text = text.replace(/^(-?)0+(?=\d)/, "$1");
  return text === "-0" ? "0" : text;
}

/** A token count in blocks of a million, the unit LLM prices are quoted in: 8400000 → "8.4". Exact (no floats). */
export function tokensInMillions(tokens: bigint): string {
  const negative = tokens < 0n;
  const digits = (negative ? -tokens : tokens).toString().padStart(7, "0");
  return formatDecimal(`${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`);
}

/** FOCUS DateTimeFormat: 'YYYY-MM-DDTHH:mm:ssZ' (UTC, whole seconds). */
export function formatFocusDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const SECOND = 1000;

/**
 * The charge period in whole seconds, as FOCUS writes times: the start rounded down and the (exclusive) end rounded
 * up, so the period written still covers the whole charge. A zero-length period (an instant charge; the importers
 * allow start = end) becomes one second, [t, t+1s): FOCUS periods are start-inclusive, end-exclusive, and an empty
 * one would contain nothing.
 */
export function focusChargePeriod(start: Date, end: Date): { start: Date; end: Date } {
  const startMs = Math.floor(start.getTime() / SECOND) * SECOND;
  let endMs = Math.ceil(end.getTime() / SECOND) * SECOND;
  if (endMs <= startMs) endMs = startMs + SECOND;
  return { start: new Date(startMs), end: new Date(endMs) };
}

/**
 * The billing period: the calendar month (UTC) the charge starts in, start inclusive, end exclusive. A charge that
 * runs into the next month (rare: providers cut their lines at month ends) widens it to the end of the month its
 * last instant falls in, so the charge period always lies within its billing period.
 */
export function focusBillingPeriod(chargeStart: Date, chargeEnd: Date): { start: Date; end: Date } {
  const last = new Date(chargeEnd.getTime() - 1);
  return {
    start: new Date(Date.UTC(chargeStart.getUTCFullYear(), chargeStart.getUTCMonth(), 1)),
    end: new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1)),
  };
}

const CHARGES: Record<ChargeCategory, { category: FocusChargeCategory; chargeClass: "Correction" | null }> = {
  usage: { category: "Usage", chargeClass: null },
  purchase: { category: "Purchase", chargeClass: null },
  tax: { category: "Tax", chargeClass: null },
  credit: { category: "Credit", chargeClass: null },
  adjustment: { category: "Adjustment", chargeClass: null },
  // FOCUS has no Refund category. We don't keep what a refund was for, so it is not Usage or Purchase but the
  // provider's Adjustment; and ChargeClass "Correction" is FOCUS's class for refunds of a previously invoiced period,
  // which is when providers issue them (a correction inside the current period would be netted on the bill).
  refund: { category: "Adjustment", chargeClass: "Correction" },
};

/**
 * ChargeCategory, ChargeClass and ChargeFrequency of a ledger record. Frequency: usage is "Usage-Based"; the
 * ledger does not record whether other charges recur, and each of its lines is one charge on its period, so they
 * are "One-Time" (which also keeps purchases off "Usage-Based", as FOCUS requires).
 */
export function focusCharge(category: ChargeCategory): { category: FocusChargeCategory; chargeClass: "Correction" | null; frequency: FocusChargeFrequency } {
  const charge = CHARGES[category];
  if (!charge) throw new Error(`Unknown charge category "${category}"`);
  return { ...charge, frequency: category === "usage" ? "Usage-Based" : "One-Time" };
}

/**
 * ProviderName, PublisherName and InvoiceIssuerName, and the ServiceName when the record names none. The ledger
 * keeps who is paid (lib/ingest/providers.ts); it records no reseller or marketplace, so the provider is taken to
 * publish and invoice its own service. Bedrock's, Azure's and Google's models are sold by the cloud.
 */
const PARTIES: Record<string, { name: string; service?: string }> = {
  openai: { name: "OpenAI", service: "OpenAI API" },
  anthropic: { name: "Anthropic", service: "Anthropic API" },
  "aws-bedrock": { name: "AWS", service: "Amazon Bedrock" },
  "azure-openai": { name: "Microsoft", service: "Azure OpenAI" },
  "gcp-vertex": { name: "Google Cloud", service: "Vertex AI" },
  aws: { name: "AWS" },
  microsoft: { name: "Microsoft" },
  google: { name: "Google Cloud" },
  oracle: { name: "Oracle" },
};

export function focusParties(provider: string, service: string | null): { providerName: string; serviceName: string } {
  const party = PARTIES[provider];
  const providerName = party?.name ?? providerLabel(provider);
  return { providerName, serviceName: service ?? party?.service ?? providerName };
}

const AI_PROVIDERS = new Set(["openai", "anthropic", "aws-bedrock", "azure-openai", "gcp-vertex"]);
const AI_SERVICE = /bedrock|openai|vertex|gemini|generative|foundry|cognitive services|ai services|machine learning|sagemaker/i;
const ML_SERVICE = /machine learning|sagemaker/i;

/**
 * ServiceCategory/ServiceSubcategory. LLM usage (an AI provider, a model or tokens) is "Generative AI"; a machine
 * learning platform without tokens (e.g. Azure Machine Learning compute) is "Machine Learning". The ledger does
 * not keep the category of other cloud spend a FOCUS import brought in, so that is "Other", which FOCUS prescribes
 * when no category is known to fit.
 */
export function focusServiceCategory(record: { provider: string; service: string | null; model: string | null; tokens: bigint }): {
  category: FocusServiceCategory;
  subcategory: FocusServiceSubcategory;
} {
  const llm = AI_PROVIDERS.has(record.provider) || record.model !== null || record.tokens > 0n;
  if (llm || AI_SERVICE.test(record.service ?? "")) {
    const subcategory = !llm && ML_SERVICE.test(record.service ?? "") ? "Machine Learning" : "Generative AI";
    return { category: "AI and Machine Learning", subcategory };
  }
  return { category: "Other", subcategory: "Other (Other)" };
}

export type CostBasis = "Billed" | "Estimated" | "None";

/**
 * The four FOCUS costs from the ledger's billed (the provider's bill; null for usage-only sources), estimated
 * (catalog × the organization's contract prices) and list (catalog list prices) costs. All are mandatory and never
 * null in FOCUS, so a cost the ledger does not have is 0, and x_CostBasis/x_Unpriced say which it was.
 * - BilledCost: the bill, or 0 where nothing was billed in the ledger (usage-only records): FOCUS BilledCost is the
 *   invoice basis, so an estimate never goes in it, and summed it equals the ledger's billed total.
 * - EffectiveCost: billed, else the estimate: the app's "effective" spend (daily_usage.effectiveCost), so the
 *   export totals what the dashboards show. We amortize nothing, so purchases keep their billed cost too.
 * - ContractedCost: the estimate (it is the contracted unit prices × quantity, FOCUS's definition), else billed.
 * - ListCost: the catalog's list-price cost, else ContractedCost (no list price known: no discount claimed).
 * For charges other than usage (credits, taxes, adjustments, refunds, purchases) all four are the billed cost,
 * as FOCUS requires for a charge unrelated to others; a tax's related charges are not linked in the ledger.
 */
export function focusCosts(record: { chargeCategory: ChargeCategory; billedCost: string | null; estimatedCost: string | null; listCost: string | null }): {
  billed: string;
  effective: string;
  contracted: string;
  list: string;
  basis: CostBasis;
} {
  const billed = record.billedCost === null ? null : formatDecimal(record.billedCost);
  const estimated = record.estimatedCost === null ? null : formatDecimal(record.estimatedCost);
  if (record.chargeCategory !== "usage") {
    const cost = billed ?? "0";
    return { billed: cost, effective: cost, contracted: cost, list: cost, basis: billed !== null ? "Billed" : "None" };
  }
  const contracted = estimated ?? billed ?? "0";
  return {
    billed: billed ?? "0",
    effective: billed ?? estimated ?? "0",
    contracted,
    list: record.listCost === null ? contracted : formatDecimal(record.listCost),
    basis: billed !== null ? "Billed" : estimated !== null ? "Estimated" : "None",
  };
}

/** Tags as a FOCUS Key-Value cell: a JSON object of scalars (nested values serialized), null when there are none. */
export function focusTags(tags: string | null): string | null {
  if (tags === null) return null;
  const parsed: unknown = JSON.parse(tags);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) return null;
  const entries = Object.entries(parsed).map(([key, value]) => [key, value === null || typeof value !== "object" ? value : JSON.stringify(value)]);
  return JSON.stringify(Object.fromEntries(entries));
}

/** A unit as FOCUS UnitFormat wants a count unit: a capitalized noun ("images" → "Images"). */
function unitName(unit: string): string {
  return unit.charAt(0).toUpperCase() + unit.slice(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** One usage_record as the export query returns it: numbers as text, times as ISO 8601 with milliseconds. */
export type LedgerExportRecord = {
  naturalKey: string;
  usageDate: string;
  periodStart: string;
  periodEnd: string;
  provider: string;
  service: string | null;
  model: string | null;
  serviceTier: string | null;
  contextTier: string | null;
  project: string | null;
  apiKey: string | null;
  providerUser: string | null;
  /** jsonb as text. */
  tags: string | null;
  teamId: string | null;
  teamName: string | null;
  teamCostCenter: string | null;
  workflowId: string | null;
  workflowName: string | null;
  uncachedInputTokens: string;
  cacheReadInputTokens: string;
  cacheWrite5mInputTokens: string;
  cacheWrite1hInputTokens: string;
  outputTokens: string;
  reasoningTokens: string;
  requests: string;
  otherUnits: string | null;
  otherUnit: string | null;
  billedCost: string | null;
  estimatedCost: string | null;
  listCost: string | null;
  unpriced: boolean;
  currency: string;
  chargeCategory: ChargeCategory;
  sourceKind: "upload" | "connection" | "push";
};

export type BillingAccount = { id: string; name: string };

const orNull = (value: string | null | undefined) => (value === null || value === undefined || value.trim() === "" ? null : value);

function describeCharge(record: LedgerExportRecord, model: string | null, serviceName: string, tokens: bigint): string {
  const subject = model ?? serviceName;
  const tier = record.serviceTier && record.serviceTier !== "standard" ? `, ${record.serviceTier} tier` : "";
  if (record.chargeCategory !== "usage") return `${subject} ${record.chargeCategory}`;
  if (tokens > 0n) return `${subject} tokens${tier}`;
  if (record.otherUnits !== null && record.otherUnit) return `${subject} usage in ${record.otherUnit}${tier}`;
  return `${subject} usage${tier}`;
}

/**
 * One ledger record as a FOCUS row. BillingAccountId/Name: the ledger keeps no provider billing account id, and
 * FOCUS needs one, so the account is the organization whose ledger this is. SubAccountId is the provider project
 * (how the FOCUS importer reads it back); the ledger keeps no project display name, so the name repeats the id
 * rather than leaving a sub-account without the name FOCUS requires beside an id.
 */
export function toFocusRow(record: LedgerExportRecord, account: BillingAccount): FocusRow {
  const buckets = [record.uncachedInputTokens, record.cacheReadInputTokens, record.cacheWrite5mInputTokens, record.cacheWrite1hInputTokens, record.outputTokens];
  // Reasoning tokens are inside outputTokens (exclusive buckets), so they are not added again.
  const tokens = buckets.reduce((sum, bucket) => sum + BigInt(bucket), 0n);
  const service = orNull(record.service);
  const model = orNull(record.model);
  const { providerName, serviceName } = focusParties(record.provider, service);
  const serviceCategory = focusServiceCategory({ provider: record.provider, service, model, tokens });
  const charge = focusCharge(record.chargeCategory);
  const costs = focusCosts(record);
  const chargePeriod = focusChargePeriod(new Date(record.periodStart), new Date(record.periodEnd));
  const billingPeriod = focusBillingPeriod(chargePeriod.start, chargePeriod.end);
  const otherUnits = record.otherUnits === null ? null : formatDecimal(record.otherUnits);
  const otherUnit = orNull(record.otherUnit);

  // Quantities. FOCUS wants ConsumedQuantity only on usage. Tokens are consumed in Tokens and priced per million
  // (how every LLM provider quotes them). Other usage keeps the quantity its source consumed; its pricing blocks
  // are not in the ledger, so PricingQuantity stays null there (lib/exports/focus-spec.ts, known deviation).
  let consumed: [string, string] | null = null;
  let pricing: [string, string] | null = null;
  if (tokens > 0n) {
    if (charge.category === "Usage") consumed = [tokens.toString(), "Tokens"];
    if (charge.category !== "Tax") pricing = [tokensInMillions(tokens), "1000000 Tokens"];
  } else if (charge.category === "Usage" && otherUnits !== null && otherUnit !== null) {
    consumed = [otherUnits, unitName(otherUnit)];
  }
  const project = orNull(record.project);

  return {
    BilledCost: costs.billed,
    BillingAccountId: account.id,
    BillingAccountName: orNull(account.name),
    BillingCurrency: record.currency.trim(),
    BillingPeriodEnd: formatFocusDateTime(billingPeriod.end),
    BillingPeriodStart: formatFocusDateTime(billingPeriod.start),
    ChargeCategory: charge.category,
    ChargeClass: charge.chargeClass,
    ChargeDescription: describeCharge(record, model, serviceName, tokens),
    ChargeFrequency: charge.frequency,
    ChargePeriodEnd: formatFocusDateTime(chargePeriod.end),
    ChargePeriodStart: formatFocusDateTime(chargePeriod.start),
    ConsumedQuantity: consumed?.[0] ?? null,
    ConsumedUnit: consumed?.[1] ?? null,
    ContractedCost: costs.contracted,
    EffectiveCost: costs.effective,
    InvoiceIssuerName: providerName,
    ListCost: costs.list,
    PricingQuantity: pricing?.[0] ?? null,
    PricingUnit: pricing?.[1] ?? null,
    ProviderName: providerName,
    PublisherName: providerName,
    ServiceCategory: serviceCategory.category,
    ServiceName: serviceName,
    ServiceSubcategory: serviceCategory.subcategory,
    SubAccountId: project,
    SubAccountName: project,
    Tags: focusTags(record.tags),

    x_RecordId: record.naturalKey,
    x_UsageDate: record.usageDate,
    x_ProviderId: record.provider,
    x_TeamId: orNull(record.teamId),
    x_TeamName: orNull(record.teamName),
    x_TeamCostCenter: orNull(record.teamCostCenter),
    x_WorkflowId: orNull(record.workflowId),
    x_WorkflowName: orNull(record.workflowName),
    x_Model: model,
    x_ServiceTier: orNull(record.serviceTier),
    x_ContextTier: orNull(record.contextTier),
    x_ApiKeyId: orNull(record.apiKey),
    x_ProviderUserId: orNull(record.providerUser),
    x_UncachedInputTokens: record.uncachedInputTokens,
    x_CacheReadInputTokens: record.cacheReadInputTokens,
    x_CacheWrite5mInputTokens: record.cacheWrite5mInputTokens,
    x_CacheWrite1hInputTokens: record.cacheWrite1hInputTokens,
    x_OutputTokens: record.outputTokens,
    x_ReasoningTokens: record.reasoningTokens,
    x_Requests: record.requests,
    x_OtherQuantity: otherUnits,
    x_OtherUnit: otherUnit,
    x_EstimatedCost: record.estimatedCost === null ? null : formatDecimal(record.estimatedCost),
    x_ListCost: record.listCost === null ? null : formatDecimal(record.listCost),
    x_CostBasis: costs.basis,
    x_Unpriced: record.unpriced ? "true" : "false",
    x_Source: record.sourceKind,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled; UTF-8 without BOM)

/** A row as a CSV line. Only String cells are neutralized: a number such as "-1.5" must stay a number. */
export function focusCsvLine(row: FocusRow): string {
  return csvRecord(
    FOCUS_EXPORT_COLUMNS.map((column) => {
      const value = row[column.id];
      return value !== null && column.type === "String" ? neutralizeFormula(value) : value;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The export

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "Not a date.");

const FocusExportOptionsSchema = z
  .object({
    orgId: z.string().min(1),
    /** Usage dates, both inclusive (usage_record."usageDate": the day the ledger counts the record on). */
    from: isoDay,
    to: isoDay,
    /** Records per FETCH: memory use is about this many rows, whatever the range. */
    batchSize: z.number().int().min(1).max(50_000).default(2000),
  })
  .refine((options) => options.from <= options.to, { message: "from must not be after to.", path: ["to"] });

export type FocusExportOptions = z.input<typeof FocusExportOptionsSchema>;

// Ordered so an export is reproducible; (orgId, usageDate) is indexed, so Postgres walks the index and sorts only
// within a day (incremental sort) instead of sorting the whole range before the first row.
const EXPORT_QUERY = `
SELECT r."naturalKey"::text AS "naturalKey", r."usageDate"::text AS "usageDate",
  to_char(r."periodStart" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "periodStart",
  to_char(r."periodEnd" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "periodEnd",
  r.provider, r.service, r.model, r."serviceTier", r."contextTier", r.project, r."apiKey", r."providerUser",
  r.tags::text AS tags, r."teamId", t.name AS "teamName", t."costCenter" AS "teamCostCenter", r."workflowId",
  w.name AS "workflowName", r."uncachedInputTokens"::text AS "uncachedInputTokens",
  r."cacheReadInputTokens"::text AS "cacheReadInputTokens", r."cacheWrite5mInputTokens"::text AS "cacheWrite5mInputTokens",
  r."cacheWrite1hInputTokens"::text AS "cacheWrite1hInputTokens", r."outputTokens"::text AS "outputTokens",
  r."reasoningTokens"::text AS "reasoningTokens", r.requests::text AS requests, r."otherUnits"::text AS "otherUnits",
  r."otherUnit", r."billedCost"::text AS "billedCost", r."estimatedCost"::text AS "estimatedCost",
  r."listCost"::text AS "listCost", r.unpriced, r.currency, lower(r."chargeCategory"::text) AS "chargeCategory",
  lower(r."sourceKind"::text) AS "sourceKind"
FROM usage_record r
LEFT JOIN team t ON t.id = r."teamId" AND t."orgId" = r."orgId"
LEFT JOIN workflow w ON w.id = r."workflowId" AND w."orgId" = r."orgId"
WHERE r."orgId" = $1 AND r."usageDate" BETWEEN $2::date AND $3::date
ORDER BY r."usageDate", r."periodStart", r."naturalKey"`;

const CURSOR = "focus_export";

async function* focusCsvChunks(pool: Pool, options: { orgId: string; from: string; to: string; batchSize: number }): AsyncGenerator<Buffer> {
  const client = await pool.connect();
  let inTransaction = false;
  let broken: Error | undefined;
  try {
    // One snapshot for the account name and every batch. A long export holds it open for its duration, as any
    // single query over the range would.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    inTransaction = true;
    const organization = await client.query<{ name: string }>(`SELECT name FROM organization WHERE id = $1`, [options.orgId]);
    if (organization.rows.length === 0) throw AppError.notFound("Organization");
    const account: BillingAccount = { id: options.orgId, name: organization.rows[0]!.name };
    yield Buffer.from(csvRecord(FOCUS_EXPORT_HEADER), "utf8");
    await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${EXPORT_QUERY}`, [options.orgId, options.from, options.to]);
    while (true) {
      const { rows } = await client.query<LedgerExportRecord>(`FETCH FORWARD ${options.batchSize} FROM ${CURSOR}`);
      if (rows.length === 0) break;
      let chunk = "";
      for (const record of rows) chunk += focusCsvLine(toFocusRow(record, account));
      // Suspends here until the reader wants more: backpressure reaches the cursor.
      yield Buffer.from(chunk, "utf8");
      if (rows.length < options.batchSize) break;
    }
    await client.query("COMMIT");
    inTransaction = false;
  } finally {
    // Also on an early stop: a reader that destroys the stream ends the generator here.
    if (inTransaction) {
      try {
        await client.query("ROLLBACK");
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
    }
    // A connection that could not roll back is discarded rather than returned to the pool mid-transaction.
    client.release(broken);
  }
}

/**
 * The organization's ledger records with usage dates in [from, to] as a FOCUS 1.2 CSV stream (header first).
 * Throws a validation AppError for bad options; an unknown organization makes the stream fail with not_found.
 */
export function exportFocusCsv(pool: Pool, options: FocusExportOptions): Readable {
  const parsed = parseInput(FocusExportOptionsSchema, options);
  return Readable.from(focusCsvChunks(pool, parsed), { objectMode: false });
}

/** A download name for an export, e.g. focus-1.2-2025-01-01-to-2025-01-31.csv. */
export function focusExportFilename(options: { from: string; to: string }): string {
  return `focus-${FOCUS_VERSION}-${options.from}-to-${options.to}.csv`;
}

export { csvField, csvRecord, neutralizeFormula };
