import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canonicalDecimal } from "@/lib/spend/queries";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { spendScope } from "@/lib/analytics/explore";
import { pool } from "@/lib/pg";
import type { AliasView, OverrideView, PriceView, RateView, RerateView, UnpricedRow } from "@/lib/pricing/schemas";

// The catalog (global), the organization's contract prices, aliases, unpriced usage and exchange rates.

const decimalOrNull = (value: { toString(): string } | null) => (value === null ? null : canonicalDecimal(value.toString()));
const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));

/** Catalog entries whose model, provider or alias matches `search` (all when empty), current and past. */
export async function listPrices(actor: Actor, options: { search?: string | null; provider?: string | null; limit?: number } = {}): Promise<PriceView[]> {
  authorize(actor, "prices:read");
  const search = options.search?.trim().toLowerCase() ?? "";
  // "Claude Haiku 4.5", a Bedrock ARN or a dated version find their catalog model too.
  const normalized = search ? (normalizeModelId(search) ?? search).toLowerCase() : "";
  const terms = [...new Set([search, normalized, normalized.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, "")].filter(Boolean))];
  const aliasTargets = search
    ? (await db.modelAlias.findMany({ where: { orgId: { in: ["", actor.org.id] }, alias: { in: terms } }, select: { model: true } })).map((alias) => alias.model)
    : [];
  const where = search
    ? {
        OR: [
          ...terms.map((term) => ({ model: { contains: term, mode: "insensitive" as const } })),
          { provider: { contains: search, mode: "insensitive" as const } },
          { model: { in: aliasTargets } },
        ],
      }
    : {};
  const rows = await db.priceEntry.findMany({
    where: { ...where, ...(options.provider ? { provider: options.provider } : {}) },
    orderBy: [{ provider: "asc" }, { model: "asc" }, { serviceTier: "asc" }, { contextTier: "asc" }, { validFrom: "desc" }],
    take: Math.min(options.limit ?? 2000, 5000),
  });
  const today = new Date().toISOString().slice(0, 10);
  return rows.map((row) => ({
    provider: row.provider,
    model: row.model,
    serviceTier: row.serviceTier,
    contextTier: row.contextTier,
    uncachedInput: decimalOrNull(row.uncachedInputPerMillion),
    cacheRead: decimalOrNull(row.cacheReadPerMillion),
    cacheWrite5m: decimalOrNull(row.cacheWrite5mPerMillion),
    cacheWrite1h: decimalOrNull(row.cacheWrite1hPerMillion),
    output: decimalOrNull(row.outputPerMillion),
    unit: row.unit,
    unitPrice: decimalOrNull(row.unitPrice),
    currency: row.currency,
    validFrom: day(row.validFrom)!,
    validTo: day(row.validTo),
    current: day(row.validFrom)! <= today && (row.validTo === null || day(row.validTo)! > today),
    source: row.source,
    checkedAt: day(row.checkedAt)!,
    origin: row.origin,
  }));
}

export async function listOverrides(actor: Actor): Promise<OverrideView[]> {
  authorize(actor, "prices:read");
  const rows = await db.priceOverride.findMany({ where: { orgId: actor.org.id }, orderBy: [{ provider: "asc" }, { model: "asc" }, { validFrom: "desc" }] });
  return rows.map(toOverrideView);
}

export function toOverrideView(row: Awaited<ReturnType<typeof db.priceOverride.findFirstOrThrow>>): OverrideView {
  return {
    id: row.id,
    provider: row.provider,
    model: row.model,
    serviceTier: row.serviceTier,
    tokenType: row.tokenType as OverrideView["tokenType"],
    pricePerMillion: decimalOrNull(row.pricePerMillion),
    discountPercent: decimalOrNull(row.discountPercent),
    validFrom: day(row.validFrom)!,
    validTo: day(row.validTo),
    note: row.note,
  };
}

/** The organization's own aliases (the shipped ones are part of the catalog). */
export async function listAliases(actor: Actor): Promise<AliasView[]> {
  authorize(actor, "prices:read");
  const rows = await db.modelAlias.findMany({ where: { orgId: actor.org.id }, orderBy: { alias: "asc" } });
  return rows.map((row) => ({ id: row.id, provider: row.provider, alias: row.alias, model: row.model, createdAt: row.createdAt.toISOString() }));
}

/** Usage the catalog could not price, by provider and model: never zero, always listed. */
export async function unpricedUsage(actor: Actor, options: { from?: string; to?: string } = {}): Promise<UnpricedRow[]> {
  return unpricedModels(actor.org.id, { ...options, scope: spendScope(actor) });
}

/**
 * Models with usage no price covers, per provider, most tokens first: for the prices page (through unpricedUsage,
 * which authorizes), the unpriced-usage alert and the "price or map" recommendation (which run for the organization).
 */
export async function unpricedModels(orgId: string, options: { from?: string; to?: string; scope?: string[] | null } = {}): Promise<UnpricedRow[]> {
  const { rows } = await pool.query<{ provider: string; model: string; records: string; tokens: string; first: string; last: string }>(
    `SELECT provider, model, sum("unpricedRecords")::text AS records, sum("unpricedTokens")::text AS tokens,
       to_char(min(day), 'YYYY-MM-DD') AS first, to_char(max(day), 'YYYY-MM-DD') AS last
     FROM daily_usage
     WHERE "orgId" = $1 AND "unpricedRecords" > 0 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
       AND ($4::text[] IS NULL OR "teamId" = ANY($4::text[]))
     GROUP BY provider, model ORDER BY sum("unpricedTokens") DESC, provider, model`,
    [orgId, options.from ?? null, options.to ?? null, options.scope ?? null],
  );
  return rows.map((row) => ({ provider: row.provider, model: row.model || null, records: Number(row.records), tokens: Number(row.tokens), firstDay: row.first, lastDay: row.last }));
}

export async function getRerateRun(actor: Actor, id: string): Promise<RerateView> {
  authorize(actor, "prices:read");
  const run = await db.rerateRun.findFirst({ where: { id, orgId: actor.org.id } });
  if (!run) throw AppError.notFound("Re-rate");
  return toRerateView(run);
}

export async function listRerateRuns(actor: Actor): Promise<RerateView[]> {
  authorize(actor, "prices:read");
  const runs = await db.rerateRun.findMany({ where: { orgId: actor.org.id }, orderBy: { createdAt: "desc" }, take: 20 });
  return runs.map(toRerateView);
}

export function toRerateView(run: Awaited<ReturnType<typeof db.rerateRun.findFirstOrThrow>>): RerateView {
  return {
    id: run.id,
    from: day(run.fromDay)!,
    to: day(run.toDay)!,
    status: run.status as RerateView["status"],
    recordsTotal: run.recordsTotal,
    recordsDone: run.recordsDone,
    recordsChanged: run.recordsChanged,
    before: run.before as RerateView["before"],
    after: run.after as RerateView["after"],
    message: run.message,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function listExchangeRates(actor: Actor): Promise<RateView[]> {
  authorize(actor, "rates:read");
  const rows = await db.exchangeRate.findMany({ where: { orgId: actor.org.id }, orderBy: [{ fromCurrency: "asc" }, { day: "desc" }], take: 2000 });
  return rows.map((row) => ({ fromCurrency: row.fromCurrency, toCurrency: row.toCurrency, day: day(row.day)!, rate: canonicalDecimal(row.rate.toString()) }));
}

/** Currencies the ledger holds that have no rate to the reporting currency yet: what the admin must add. */
export async function missingRateCurrencies(actor: Actor): Promise<{ currency: string; firstDay: string }[]> {
  authorize(actor, "rates:read");
  const { rows } = await pool.query<{ currency: string; first: string }>(
    `SELECT d.currency, to_char(min(d.day), 'YYYY-MM-DD') AS first FROM daily_usage d
     WHERE d."orgId" = $1 AND d.currency <> $2
       AND NOT EXISTS (SELECT 1 FROM exchange_rate r WHERE r."orgId" = $1 AND r."fromCurrency" = d.currency AND r."toCurrency" = $2 AND r.day <= d.day)
     GROUP BY d.currency ORDER BY d.currency`,
    [actor.org.id, actor.org.currency],
  );
  return rows.map((row) => ({ currency: row.currency, firstDay: row.first }));
}

export type SavingsMonth = { month: string; currency: string; list: string; contract: string };

/** Per month and currency over the last twelve months: priced usage at list prices and at the contract's. */
export async function savingsVsList(actor: Actor): Promise<SavingsMonth[]> {
  const scope = spendScope(actor);
  const { rows } = await pool.query<{ month: string; currency: string; list: string; contract: string }>(
    `SELECT to_char(day, 'YYYY-MM') AS month, currency, sum("listCost")::text AS list, sum("estimatedCost")::text AS contract
     FROM daily_usage
     WHERE "orgId" = $1 AND day >= date_trunc('month', current_date) - interval '11 months' AND "listCost" > 0
       AND ($2::text[] IS NULL OR "teamId" = ANY($2::text[]))
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [actor.org.id, scope],
  );
  return rows.map((row) => ({ month: row.month, currency: row.currency, list: canonicalDecimal(row.list), contract: canonicalDecimal(row.contract) }));
}

/** Every catalog model, for pickers ("map to model", contract prices). */
export async function catalogModels(actor: Actor): Promise<{ provider: string; model: string }[]> {
  authorize(actor, "prices:read");
  return db.priceEntry.findMany({ distinct: ["provider", "model"], select: { provider: true, model: true }, orderBy: [{ provider: "asc" }, { model: "asc" }] });
}
