import type { Pool, PoolClient } from "pg";
import { toScaled } from "@/lib/money";
import { BATCH_MULTIPLIER } from "@/lib/pricing/catalog-data";
import { createConverter, MissingRateError } from "@/lib/pricing/exchange";
import { createPricer, PRICE_SCALE, type OverrideRow, type PricedBucket, type PriceInput, type PriceOutcome, type PriceRow } from "@/lib/pricing/pricer";

// The pricer for one organization, from the database: the catalog (global), aliases (global and its own) and its
// contract prices. Plain pg, like the rest of the ingest path.

const day = (value: Date | string) => (value instanceof Date ? value.getTime() : Date.parse(`${value}T00:00:00Z`));
const scaled = (value: string | null) => (value === null ? null : toScaled(value, PRICE_SCALE));

export async function loadPricer(client: Pool | PoolClient, orgId: string): Promise<(input: PriceInput) => PriceOutcome> {
  // One after another: a PoolClient (inside the re-rate's transaction) runs one query at a time.
  const prices = await client.query<{
    provider: string;
    model: string;
    serviceTier: string;
    contextTier: string;
    uncached: string | null;
    read: string | null;
    write5m: string | null;
    write1h: string | null;
    output: string | null;
    unit: string | null;
    unitPrice: string | null;
    currency: string;
    validFrom: string;
    validTo: string | null;
  }>(
    `SELECT provider, model, "serviceTier", "contextTier", "uncachedInputPerMillion"::text AS uncached, "cacheReadPerMillion"::text AS read,
       "cacheWrite5mPerMillion"::text AS write5m, "cacheWrite1hPerMillion"::text AS write1h, "outputPerMillion"::text AS output,
       unit, "unitPrice"::text AS "unitPrice", currency, to_char("validFrom", 'YYYY-MM-DD') AS "validFrom", to_char("validTo", 'YYYY-MM-DD') AS "validTo"
     FROM price_entry`,
  );
  const aliases = await client.query<{ orgId: string; provider: string; alias: string; model: string }>(
    `SELECT "orgId", provider, alias, model FROM model_alias WHERE "orgId" IN ('', $1)`,
    [orgId],
  );
  const overrides = await client.query<{
    provider: string;
    model: string;
    serviceTier: string;
    tokenType: string | null;
    price: string | null;
    discount: string | null;
    validFrom: string;
    validTo: string | null;
  }>(
    `SELECT provider, model, "serviceTier", "tokenType", "pricePerMillion"::text AS price, "discountPercent"::text AS discount,
       to_char("validFrom", 'YYYY-MM-DD') AS "validFrom", to_char("validTo", 'YYYY-MM-DD') AS "validTo"
     FROM price_override WHERE "orgId" = $1`,
    [orgId],
  );
  const rates = await client.query<{ fromCurrency: string; toCurrency: string; day: string; rate: string }>(
    `SELECT "fromCurrency", "toCurrency", to_char(day, 'YYYY-MM-DD') AS day, rate::text AS rate FROM exchange_rate WHERE "orgId" = $1`,
    [orgId],
  );
  const converter = createConverter(rates.rows);
  const rateOn = (fromCurrency: string, toCurrency: string, day: string) => {
    try {
      return converter.rateOn(fromCurrency, toCurrency, day);
    } catch (error) {
      if (error instanceof MissingRateError) return null;
      throw error;
    }
  };
  const priceRows: PriceRow[] = prices.rows.map((row) => ({
    provider: row.provider,
    model: row.model,
    serviceTier: row.serviceTier,
    contextTier: row.contextTier,
    perMillion: { uncachedInput: scaled(row.uncached), cacheRead: scaled(row.read), cacheWrite5m: scaled(row.write5m), cacheWrite1h: scaled(row.write1h), output: scaled(row.output) },
    unit: row.unit,
    unitPrice: scaled(row.unitPrice),
    currency: row.currency,
    validFrom: day(row.validFrom),
    validTo: row.validTo ? day(row.validTo) : null,
  }));
  const overrideRows: OverrideRow[] = overrides.rows.map((row) => ({
    provider: row.provider,
    model: row.model,
    serviceTier: row.serviceTier,
    tokenType: (row.tokenType as PricedBucket | null) ?? null,
    pricePerMillion: scaled(row.price),
    discountPercent: scaled(row.discount),
    validFrom: day(row.validFrom),
    validTo: row.validTo ? day(row.validTo) : null,
  }));
  return createPricer({ prices: priceRows, aliases: aliases.rows, overrides: overrideRows, batchMultipliers: BATCH_MULTIPLIER, orgId, rateOn });
}
