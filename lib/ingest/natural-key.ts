import { hash } from "node:crypto";
import type { NormalizedUsage } from "@/lib/ingest/types";

/**
 * The record's identity at its source: the key namespace (shared by every way the same data arrives), the
 * period and every dimension, plus the source's own identity columns. 128 bits of SHA-256, written as a uuid
 * (the column type, compact and fast to index). Re-importing or re-syncing the same usage hits the same key.
 */
export function naturalKey(record: NormalizedUsage): string {
  // JSON of the parts keeps them unambiguous (no separator can be faked by a value); the one-shot hash() is
  // markedly faster than createHash() per row.
  const hex = hash(
    "sha256",
    JSON.stringify([
      record.keyNamespace,
      record.periodStart.getTime(),
      record.periodEnd.getTime(),
      record.provider,
      record.service,
      record.modelRaw,
      record.serviceTier,
      record.project,
      record.apiKey,
      record.providerUser,
      record.teamName,
      record.workflowName,
      record.chargeCategory,
      record.currency,
      record.otherUnit,
      record.identity,
    ]),
    "hex",
  );
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
