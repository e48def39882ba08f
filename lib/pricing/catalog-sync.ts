import type { Pool } from "pg";
import { CATALOG, CATALOG_ALIASES } from "@/lib/pricing/catalog-data";

/**
 * Puts the shipped catalog (lib/pricing/catalog-data.ts) into price_entry and model_alias. Idempotent: rows that
 * exist (by provider, model, tier, context tier and start date) are left as they are, so prices an admin imported
 * since are not overwritten; new shipped rows are added. Runs after migrations (CLI, launchers, app start, tests).
 */
export async function syncShippedCatalog(pool: Pool): Promise<{ prices: number; aliases: number }> {
  const prices = await pool.query(
    `INSERT INTO price_entry (id, provider, model, "serviceTier", "contextTier", "uncachedInputPerMillion", "cacheReadPerMillion",
       "cacheWrite5mPerMillion", "cacheWrite1hPerMillion", "outputPerMillion", unit, "unitPrice", currency, "validFrom", "validTo",
       source, "checkedAt", origin)
     SELECT gen_random_uuid()::text, * , 'shipped' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[],
       $7::numeric[], $8::numeric[], $9::numeric[], $10::text[], $11::numeric[], $12::text[], $13::date[], $14::date[], $15::text[], $16::date[])
     ON CONFLICT (provider, model, "serviceTier", "contextTier", "validFrom") DO NOTHING`,
    [
      CATALOG.map((row) => row.provider),
      CATALOG.map((row) => row.model),
      CATALOG.map((row) => row.serviceTier),
      CATALOG.map((row) => row.contextTier),
      CATALOG.map((row) => row.perMillion.uncachedInput),
      CATALOG.map((row) => row.perMillion.cacheRead ?? null),
      CATALOG.map((row) => row.perMillion.cacheWrite5m ?? null),
      CATALOG.map((row) => row.perMillion.cacheWrite1h ?? null),
      CATALOG.map((row) => row.perMillion.output),
      CATALOG.map((row) => row.perUnit?.unit ?? null),
      CATALOG.map((row) => row.perUnit?.price ?? null),
      CATALOG.map(() => "USD"),
      CATALOG.map((row) => row.validFrom),
      CATALOG.map((row) => row.validTo ?? null),
      CATALOG.map((row) => row.source),
      CATALOG.map((row) => row.checkedAt),
    ],
  );
  const aliases = await pool.query(
    `INSERT INTO model_alias (id, "orgId", provider, alias, model)
     SELECT gen_random_uuid()::text, '', * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT ("orgId", provider, alias) DO NOTHING`,
    [CATALOG_ALIASES.map((alias) => alias.provider ?? ""), CATALOG_ALIASES.map((alias) => alias.alias.toLowerCase()), CATALOG_ALIASES.map((alias) => alias.model)],
  );
  return { prices: prices.rowCount ?? 0, aliases: aliases.rowCount ?? 0 };
}
