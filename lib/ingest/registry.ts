import { anthropicCostsMapper } from "@/lib/ingest/formats/anthropic-costs";
import { anthropicUsageMapper } from "@/lib/ingest/formats/anthropic-usage";
import { awsCurMapper } from "@/lib/ingest/formats/aws-cur";
import { azureCostMapper } from "@/lib/ingest/formats/azure-cost";
import { focusMapper } from "@/lib/ingest/formats/focus";
import { gcpBillingMapper } from "@/lib/ingest/formats/gcp-billing";
import { openaiCostsMapper } from "@/lib/ingest/formats/openai-costs";
import { openaiUsageMapper } from "@/lib/ingest/formats/openai-usage";
import { createCustomMapper, headerSignature } from "@/lib/ingest/formats/custom";
import type { CustomMapping } from "@/lib/ingest/formats/custom-schema";
import type { FormatMapper } from "@/lib/ingest/types";

// Every built-in format, detected from the header row (never the file name). Order breaks ties.
export const BUILT_IN_FORMATS: readonly FormatMapper[] = [
  openaiUsageMapper,
  openaiCostsMapper,
  anthropicUsageMapper,
  anthropicCostsMapper,
  focusMapper,
  awsCurMapper,
  azureCostMapper,
  gcpBillingMapper,
];

export type SavedMapping = { name: string; headerSignature: string; mapping: CustomMapping };

export type Detection =
  | { ok: true; mapper: FormatMapper; score: number; savedMapping: string | null }
  | { ok: false; message: string };

export function supportedFormatsText(): string {
  return BUILT_IN_FORMATS.map((format) => format.label).join("; ");
}

/**
 * The format of a file from its header. A saved mapping made for exactly this header wins (the admin chose
 * it); then the best-scoring built-in format. `forcedMapping` is the API's `mapping=<name>`.
 */
export function detectFormat(headers: readonly string[], saved: readonly SavedMapping[] = [], forcedMapping?: string | null): Detection {
  if (forcedMapping) {
    const mapping = saved.find((candidate) => candidate.name === forcedMapping);
    if (!mapping) return { ok: false, message: `There is no saved mapping named "${forcedMapping}".` };
    const mapper = createCustomMapper(mapping.name, mapping.mapping);
    if (mapper.detect(headers) === 0) {
      return { ok: false, message: `The saved mapping "${forcedMapping}" names columns this file does not have.` };
    }
    return { ok: true, mapper, score: 1, savedMapping: mapping.name };
  }
  const signature = headerSignature(headers);
  const own = saved.find((candidate) => candidate.headerSignature === signature);
  if (own) return { ok: true, mapper: createCustomMapper(own.name, own.mapping), score: 1, savedMapping: own.name };

  let best: { mapper: FormatMapper; score: number } | null = null;
  for (const mapper of BUILT_IN_FORMATS) {
    const score = mapper.detect(headers);
    if (score > 0 && (!best || score > best.score)) best = { mapper, score };
  }
  if (best) return { ok: true, ...best, savedMapping: null };
  const seen = headers.slice(0, 30).join(", ") + (headers.length > 30 ? `, … (${headers.length} columns)` : "");
  return {
    ok: false,
    message: `This file's format is not one TokenLedger reads. Supported: ${supportedFormatsText()}; or map its columns by hand. Columns seen: ${seen || "(none)"}.`,
  };
}
