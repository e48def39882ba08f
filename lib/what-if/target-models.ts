import { CATALOG, type CatalogPrice } from "@/lib/pricing/catalog-data";
import { baseModel } from "@/lib/pricing/families";

// The models a workload can be moved to: the shipped catalog's text-generation models with a standard, base-context
// price valid on the day. Per-unit models (images, speech, web search) and embeddings (no output price) are not
// somewhere a chat or agent workflow can move.

export type TargetModel = { provider: CatalogPrice["provider"]; model: string };

function offered(row: CatalogPrice, day: string): boolean {
  return (
    row.serviceTier === "standard" &&
    row.contextTier === "" &&
    !row.perUnit &&
    row.perMillion.output !== "0" &&
    row.validFrom <= day &&
    (row.validTo === undefined || day < row.validTo)
  );
}

/** Every target model on a day (YYYY-MM-DD), by provider then model. */
export function targetModels(day: string): TargetModel[] {
  const seen = new Set<string>();
  const out: TargetModel[] = [];
  for (const row of CATALOG) {
    const key = `${row.provider}/${row.model}`;
    if (!offered(row, day) || seen.has(key)) continue;
    seen.add(key);
    out.push({ provider: row.provider, model: row.model });
  }
  return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

/** The catalog's target model for a provider and a model id (a dated snapshot reads as its model), or null. */
export function findTargetModel(provider: string, model: string, day: string): TargetModel | null {
  const wanted = baseModel(model);
  const name = provider.trim().toLowerCase();
  const row = CATALOG.find((entry) => entry.provider === name && (entry.model === wanted || entry.model === model.trim().toLowerCase()) && offered(entry, day));
  return row ? { provider: row.provider, model: row.model } : null;
}
