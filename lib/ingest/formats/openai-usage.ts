import { RowReader, ZERO_TOKENS, headerScore, isNullLiteral } from "@/lib/ingest/fields";
import { normalizeModelId } from "@/lib/ingest/model-names";
import type { FormatMapper, NormalizedUsage, Row, ServiceTier, TokenBuckets } from "@/lib/ingest/types";

// The OpenAI dashboard's usage exports (reference/provider-formats.md §1.3, §1.4): each is one usage API result
// object flattened, after four time columns. One mapper reads them all because only the quantity columns differ;
// the key namespace names the endpoint exactly as the API sync does, so a CSV and a sync of the same bucket are
// one record.

const TIME_COLUMNS = new Set(["start_time", "end_time", "start_time_iso", "end_time_iso"]);
const GROUP_COLUMNS = ["project_id", "user_id", "api_key_id", "model"];

type Endpoint = "completions" | "embeddings" | "moderations" | "images" | "audio_speeches" | "audio_transcriptions";

/** What tells each export apart: the quantity columns its results carry (completions first: it also has input_tokens). */
const SHAPES: { endpoints: readonly Endpoint[]; quantities: readonly string[]; optional: readonly string[] }[] = [
  {
    endpoints: ["completions"],
    quantities: ["input_tokens", "output_tokens"],
    optional: ["batch", "service_tier", "input_cached_tokens", "input_uncached_tokens"],
  },
  { endpoints: ["embeddings", "moderations"], quantities: ["input_tokens"], optional: [] },
  { endpoints: ["images"], quantities: ["images"], optional: ["source", "size"] },
  { endpoints: ["audio_speeches"], quantities: ["characters"], optional: [] },
  { endpoints: ["audio_transcriptions"], quantities: ["seconds"], optional: [] },
];

/**
 * A bucket with nothing in it: the exports write one row per day even when there was no usage, with only the
 * time columns filled.
 */
export function isEmptyOpenAiBucket(row: Row): boolean {
  // Every non-empty bucket has a request count or an amount: check those first, as this runs on every row.
  if (row.num_model_requests?.trim() || row.amount_value?.trim()) return false;
  for (const column in row) {
    if (!TIME_COLUMNS.has(column) && !isNullLiteral(row[column]!.trim())) return false;
  }
  return true;
}

/**
 * The bucket's period. The exports carry it twice, as Unix seconds and as ISO 8601; Unix seconds are exact, the
 * ISO copy is the fallback (and must agree, or the row was edited by hand and we cannot tell which is right).
 */
export function readOpenAiBucketPeriod(reader: RowReader): { periodStart: Date | null; periodEnd: Date | null } {
  const periodStart = bucketTime(reader, "start_time", "start_time_iso");
  const periodEnd = bucketTime(reader, "end_time", "end_time_iso");
  if (periodStart && periodEnd && periodEnd <= periodStart) {
    reader.issue("end_time", reader.text("end_time") ?? reader.text("end_time_iso"), "is not after start_time");
  }
  return { periodStart, periodEnd };
}

function bucketTime(reader: RowReader, unixColumn: string, isoColumn: string): Date | null {
  const unix = reader.dateTime(unixColumn, { unixSeconds: true });
  const iso = reader.dateTime(isoColumn);
  if (unix && iso && unix.getTime() !== iso.getTime()) {
    reader.issue(isoColumn, reader.text(isoColumn), `disagrees with ${unixColumn} (${reader.text(unixColumn)})`);
  }
  if (reader.text(unixColumn) === null && reader.text(isoColumn) === null) reader.issue(unixColumn, null, "is empty but required");
  return unix ?? iso;
}

function endpointOf(reader: RowReader): Endpoint | null {
  if (reader.has("output_tokens")) return "completions";
  if (reader.has("images")) return "images";
  if (reader.has("characters")) return "audio_speeches";
  if (reader.has("seconds")) return "audio_transcriptions";
  if (reader.has("input_tokens")) {
    // The embeddings and moderations exports have the same columns; only the model tells them apart. A file not
    // grouped by model cannot say, and embeddings are by far the more common upload.
    return /moderation/i.test(reader.text("model") ?? "") ? "moderations" : "embeddings";
  }
  return null;
}

function serviceTier(reader: RowReader): ServiceTier {
  const batch = reader.text("batch");
  if (batch !== null && !/^(true|false|1|0)$/i.test(batch)) reader.issue("batch", batch, "is not TRUE or FALSE");
  if (reader.flag("batch")) return "batch";
  const tier = reader.text("service_tier");
  switch (tier?.toLowerCase() ?? "default") {
    case "default":
    case "auto":
      return "standard";
    case "flex":
      return "flex";
    // Scale Tier is OpenAI's earlier name for reserved priority capacity.
    case "priority":
    case "scale":
      return "priority";
    default:
      // Pricing depends on the tier, so an unknown one is reported rather than priced as standard.
      reader.issue("service_tier", tier, "is not an OpenAI service tier this importer knows (default, auto, flex, priority, scale)");
      return "standard";
  }
}

/**
 * Exclusive buckets from OpenAI's inclusive counts: input_tokens includes cached and cache-write tokens, so they
 * are subtracted and no token is priced twice.
 */
function completionTokens(reader: RowReader): TokenBuckets {
  const issuesBefore = reader.issues.length;
  const input = reader.count("input_tokens", { required: true });
  const cached = reader.count("input_cached_tokens");
  const output = reader.count("output_tokens", { required: true });
  const writesReported = reader.text("input_cache_write_tokens") !== null;
  const writesColumn = reader.count("input_cache_write_tokens");
  const uncachedReported = reader.text("input_uncached_tokens") !== null;
  const uncachedColumn = reader.count("input_uncached_tokens");
  // The arithmetic below means nothing if a count could not be read.
  if (reader.issues.length > issuesBefore) return { ...ZERO_TOKENS };

  let uncached: number;
  let writes: number;
  if (uncachedReported && !writesReported) {
    // input_uncached_tokens excludes cache writes (§1.3), and the dashboard export has no cache-write column: what
    // input_tokens has beyond cached + uncached can only be cache writes.
    uncached = uncachedColumn;
    writes = input - cached - uncached;
    if (writes < 0) {
      reader.issue("input_uncached_tokens", reader.text("input_uncached_tokens"), `plus input_cached_tokens (${cached}) is more than input_tokens (${input})`);
    }
  } else {
    writes = writesColumn;
    uncached = input - cached - writes;
    if (uncached < 0) {
      reader.issue(
        "input_tokens",
        reader.text("input_tokens"),
        `is less than input_cached_tokens (${cached}) + input_cache_write_tokens (${writes}), which it includes`,
      );
    } else if (uncachedReported && uncachedColumn !== uncached) {
      reader.issue(
        "input_uncached_tokens",
        reader.text("input_uncached_tokens"),
        `does not equal input_tokens − input_cached_tokens − input_cache_write_tokens (${uncached})`,
      );
    }
  }
  if (reader.issues.length > issuesBefore) return { ...ZERO_TOKENS };
  return { ...ZERO_TOKENS, uncachedInputTokens: uncached, cacheReadInputTokens: cached, cacheWrite5mInputTokens: writes, outputTokens: output };
}

export const openaiUsageMapper: FormatMapper = {
  id: "openai-usage",
  label: "OpenAI usage export",
  description:
    "OpenAI dashboard usage CSV (completions, embeddings, moderations, images, audio speeches, audio transcriptions), tokens per bucket without costs",
  periodColumn: "start_time",
  detect(headers) {
    return Math.max(
      ...SHAPES.map(({ quantities, optional }) => {
        const mustHave = ["start_time", "end_time", "num_model_requests", ...quantities];
        return headerScore(headers, [...mustHave, "start_time_iso", "end_time_iso", ...GROUP_COLUMNS, ...optional], mustHave);
      }),
    );
  },
  map(row) {
    if (isEmptyOpenAiBucket(row)) return { kind: "skip", reason: "empty" };
    const reader = new RowReader(row);
    const { periodStart, periodEnd } = readOpenAiBucketPeriod(reader);
    const endpoint = endpointOf(reader);
    const requests = reader.count("num_model_requests", { required: true });

    let tokens: TokenBuckets = { ...ZERO_TOKENS };
    let otherUnits: string | null = null;
    let otherUnit: string | null = null;
    let tier: ServiceTier = "standard";
    switch (endpoint) {
      case "completions":
        tier = serviceTier(reader);
        tokens = completionTokens(reader);
        break;
      case "embeddings":
      case "moderations":
        // Nothing is cached or generated: every input token is uncached input.
        tokens = { ...ZERO_TOKENS, uncachedInputTokens: reader.count("input_tokens", { required: true }) };
        break;
      case "images":
        otherUnits = String(reader.count("images", { required: true }));
        otherUnit = "images";
        break;
      case "audio_speeches":
        otherUnits = String(reader.count("characters", { required: true }));
        otherUnit = "characters";
        break;
      case "audio_transcriptions":
        otherUnits = reader.decimal("seconds", { required: true, nonNegative: true });
        otherUnit = "seconds";
        break;
      case null:
        reader.issue(null, null, "the file has none of the OpenAI usage quantity columns (input_tokens, images, characters, seconds)");
    }
    if (!reader.ok || !periodStart || !periodEnd || !endpoint) return { kind: "invalid", issues: reader.issues };

    const modelRaw = reader.text("model");
    const record: NormalizedUsage = {
      periodStart,
      periodEnd,
      provider: "openai",
      service: null,
      modelRaw,
      model: normalizeModelId(modelRaw),
      serviceTier: tier,
      project: reader.text("project_id"),
      apiKey: reader.text("api_key_id"),
      providerUser: reader.text("user_id"),
      tags: null,
      teamName: null,
      workflowName: null,
      tokens,
      requests,
      otherUnits,
      otherUnit,
      billedCost: null,
      estimatedCost: null,
      currency: "USD",
      chargeCategory: "usage",
      // service_tier as written, because the tier dimension folds default/auto and priority/scale together and a
      // bucket grouped by service_tier can hold both; source and size are the images export's own grouping.
      identity: [reader.text("service_tier")?.toLowerCase() ?? null, reader.text("source"), reader.text("size")],
      keyNamespace: `openai:usage:${endpoint}`,
    };
    return { kind: "records", records: [record] };
  },
};
