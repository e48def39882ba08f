import { createHash } from "node:crypto";
import { RowReader, ZERO_TOKENS, normalizeHeader } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { slugProvider } from "@/lib/ingest/providers";
import { CustomMappingSchema, type CustomMapping } from "@/lib/ingest/formats/custom-schema";
import type { FormatMapper, NormalizedUsage, TokenBuckets } from "@/lib/ingest/types";
import { SERVICE_TIERS, TOKEN_BUCKETS } from "@/lib/ingest/types";

// Any other CSV, through a column mapping an admin built in the UI (which column is the date, the model, each
// token bucket, the cost, …), saved per organization and offered again when the same header appears.

/** Identifies a header regardless of column order, case and punctuation. */
export function headerSignature(headers: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([...headers.map(normalizeHeader)].sort()))
    .digest("hex");
}

const TIERS = new Set<string>(SERVICE_TIERS);

export function createCustomMapper(name: string, input: CustomMapping): FormatMapper {
  const mapping = CustomMappingSchema.parse(input);
  const columns = [
    mapping.date,
    mapping.periodEnd,
    mapping.provider.column,
    mapping.model,
    mapping.serviceTier,
    mapping.project,
    mapping.apiKey,
    mapping.providerUser,
    mapping.requests,
    mapping.cost,
    mapping.currency.column,
    mapping.team,
    mapping.workflow,
    ...Object.values(mapping.tokens),
    ...mapping.tags,
  ].filter((column): column is string => Boolean(column));

  return {
    id: `custom:${name}`,
    label: `Saved mapping "${name}"`,
    description: `Columns mapped by hand (${name})`,
    detect(headers) {
      const present = new Set(headers);
      return columns.every((column) => present.has(column)) ? 1 : 0;
    },
    map(row) {
      const reader = new RowReader(row);
      const periodStart = reader.dateTime(mapping.date, { required: true });
      let periodEnd = mapping.periodEnd ? reader.dateTime(mapping.periodEnd, { required: true }) : null;
      if (periodStart && !periodEnd) {
        periodEnd = new Date(periodStart.getTime() + (mapping.granularity === "hour" ? 3_600_000 : 86_400_000));
      }
      const tokens: TokenBuckets = { ...ZERO_TOKENS };
      for (const bucket of TOKEN_BUCKETS) {
        const column = mapping.tokens[bucket];
        if (column) tokens[bucket] = reader.count(column);
      }
      if (mapping.inputIncludesCached) {
        // Like OpenAI's input_tokens: the input column also counts cache reads and writes; take them out so no
        // token is in two buckets.
        const uncached = tokens.uncachedInputTokens - tokens.cacheReadInputTokens - tokens.cacheWrite5mInputTokens - tokens.cacheWrite1hInputTokens;
        if (uncached < 0) reader.issue(mapping.tokens.uncachedInputTokens ?? null, String(tokens.uncachedInputTokens), "is smaller than the cached tokens it is said to include");
        tokens.uncachedInputTokens = Math.max(uncached, 0);
      }
      const billedCost = mapping.cost ? reader.decimal(mapping.cost) : null;
      const currency = mapping.currency.column ? reader.currency(mapping.currency.column) : mapping.currency.value ?? "USD";
      const providerName = mapping.provider.column ? reader.required(mapping.provider.column) : mapping.provider.value ?? null;
      const tierText = mapping.serviceTier ? reader.text(mapping.serviceTier)?.toLowerCase() ?? null : null;
      if (tierText && !TIERS.has(tierText)) reader.issue(mapping.serviceTier!, tierText, `is not a service tier (${SERVICE_TIERS.join(", ")})`);
      if (!reader.ok || !periodStart || !periodEnd || !providerName) return { kind: "invalid", issues: reader.issues };
      const tags = mapping.tags.length
        ? Object.fromEntries(mapping.tags.map((column) => [column, reader.text(column)]).filter((entry): entry is [string, string] => entry[1] !== null))
        : null;
      const modelRaw = mapping.model ? reader.text(mapping.model) : null;
      const record: NormalizedUsage = {
        periodStart,
        periodEnd,
        provider: slugProvider(providerName),
        service: null,
        modelRaw,
        model: normalizeModelId(modelRaw),
        serviceTier: (tierText as NormalizedUsage["serviceTier"]) ?? null,
        project: mapping.project ? reader.text(mapping.project) : null,
        apiKey: mapping.apiKey ? reader.text(mapping.apiKey) : null,
        providerUser: mapping.providerUser ? reader.text(mapping.providerUser) : null,
        tags: tags && Object.keys(tags).length ? tags : null,
        teamName: mapping.team ? reader.text(mapping.team) : null,
        workflowName: mapping.workflow ? reader.text(mapping.workflow) : null,
        tokens,
        requests: mapping.requests ? reader.count(mapping.requests) : 0,
        otherUnits: null,
        otherUnit: null,
        billedCost,
        estimatedCost: null,
        currency,
        chargeCategory: billedCost?.startsWith("-") ? "credit" : "usage",
        identity: tags ? Object.entries(tags).sort().map(([key, value]) => `${key}=${value}`) : [],
        keyNamespace: `custom:${name}`,
      };
      return { kind: "records", records: [record] };
    },
  };
}
