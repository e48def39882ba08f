import { RowReader, ZERO_TOKENS, headerScore } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { isEmptyOpenAiBucket, readOpenAiBucketPeriod } from "@/lib/ingest/formats/openai-usage";
import type { FormatMapper, NormalizedUsage } from "@/lib/ingest/types";

// The OpenAI dashboard's cost export (reference/provider-formats.md §1.3, §1.4): the costs API result flattened,
// one row per day and, when grouped, per project and line item. amount_value is in currency units, not cents.

const COLUMNS = [
  "start_time",
  "end_time",
  "start_time_iso",
  "end_time_iso",
  "amount_value",
  "amount_currency",
  "line_item",
  "project_id",
  "organization_id",
  "organization_name",
];

/**
 * The model of a line item such as "gpt-4o-2024-08-06, input" (an id, then the kind of charge). The vocabulary is
 * not documented; free-text items ("Image models", "web search") name no model, and an id never has a space.
 */
function modelOfLineItem(lineItem: string | null): string | null {
  if (!lineItem) return null;
  const separator = lineItem.indexOf(", ");
  if (separator <= 0) return null;
  const candidate = lineItem.slice(0, separator).trim();
  return /\s/.test(candidate) ? null : candidate;
}

export const openaiCostsMapper: FormatMapper = {
  id: "openai-costs",
  label: "OpenAI cost export",
  description: "OpenAI dashboard cost CSV: billed amount per day, project and line item",
  periodColumn: "start_time",
  detect(headers) {
    return headerScore(headers, COLUMNS, ["start_time", "end_time", "amount_value", "amount_currency"]);
  },
  map(row) {
    if (isEmptyOpenAiBucket(row)) return { kind: "skip", reason: "empty" };
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = readOpenAiBucketPeriod(reader);
    const billedCost = reader.decimal("amount_value", { required: true });
    const currency = reader.currency("amount_currency");
    if (!reader.ok || !periodStart || !periodEnd || billedCost === null) return { kind: "invalid", issues: reader.issues };

    const lineItem = reader.text("line_item");
    const modelRaw = modelOfLineItem(lineItem);
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "openai",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      // The line item's wording hints at batch and cached input, but its vocabulary is undocumented; the cost is
      // already billed, so nothing is priced from a guessed tier.
      serviceTier: null,
      project: reader.text("project_id"),
      // Not in the dashboard export; the costs API has it when grouped by api_key_id.
      apiKey: reader.text("api_key_id"),
      providerUser: null,
      tags: null,
      teamName: null,
      workflowName: null,
      tokens: { ...ZERO_TOKENS },
      requests: 0,
      otherUnits: null,
      otherUnit: null,
      billedCost,
      estimatedCost: null,
      currency,
      // OpenAI writes credits as negative amounts in the same export, with no category column.
      chargeCategory: billedCost.startsWith("-") ? "credit" : "usage",
      // The whole line item: the model and the kind of charge ("input", "cached input", "output") tell rows of one
      // day and project apart. organization_id is left out: an export covers one organization, and the costs API
      // does not repeat it, so leaving it out keeps the key the same for the API sync.
      identity: [lineItem],
      keyNamespace: "openai:costs",
    };
    return { kind: "records", records: [record] };
  },
};
