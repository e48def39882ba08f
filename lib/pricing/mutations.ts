import "server-only";
import Papa from "papaparse";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { auditWho, recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError, fieldErrorsOf, parseInput } from "@/lib/errors";
import { normalizeModelId } from "@/lib/ingest/model-names";
import { logger } from "@/lib/log";
import { pool } from "@/lib/pg";
import { diffPriceList, parsePriceList, type PriceListDiff, type PriceListEntry } from "@/lib/pricing/price-list";
import { listPrices, toOverrideView, toRerateView } from "@/lib/pricing/queries";
import { runRerate } from "@/lib/pricing/rerate";
import { ExchangeRateInputSchema, MapModelSchema, OverrideInputSchema, RerateSchema, type RateView, type RerateView } from "@/lib/pricing/schemas";
import { canonicalDecimal } from "@/lib/spend/queries";

const today = () => new Date().toISOString().slice(0, 10);
const dayDate = (value: string) => new Date(`${value}T00:00:00Z`);

/** Re-rates run in the background of the app process; tests and the CLI pass their own scheduler. */
export type Schedule = (work: () => Promise<void>) => void;
const inBackground: Schedule = (work) =>
  setImmediate(() => {
    work().catch((error: unknown) => logger.error({ err: error }, "re-rate failed"));
  });

export async function startRerate(actor: Actor, input: unknown, schedule: Schedule = inBackground): Promise<RerateView> {
  authorize(actor, "prices:write");
  const { from, to } = parseInput(RerateSchema, input);
  const run = await db.rerateRun.create({ data: { orgId: actor.org.id, fromDay: dayDate(from), toDay: dayDate(to), createdById: actor.userId } });
  schedule(() => runRerate(pool, run.id, auditWho(actor)));
  return toRerateView(run);
}

/** "Map to model": an unpriced model name becomes an alias of a catalog model for this organization, then re-rated. */
export async function mapModel(actor: Actor, input: unknown, schedule: Schedule = inBackground) {
  authorize(actor, "prices:write");
  const data = parseInput(MapModelSchema, input);
  const alias = (normalizeModelId(data.alias) ?? data.alias).toLowerCase();
  const target = data.model.toLowerCase();
  if (!(await db.priceEntry.findFirst({ where: { model: target } }))) {
    throw new AppError("validation_failed", `The catalog has no model "${data.model}".`, { fieldErrors: { model: ["Pick a model from the catalog."] } });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.modelAlias.findUnique({ where: { orgId_provider_alias: { orgId: actor.org.id, provider: data.provider, alias } } });
    const saved = await tx.modelAlias.upsert({
      where: { orgId_provider_alias: { orgId: actor.org.id, provider: data.provider, alias } },
      create: { orgId: actor.org.id, provider: data.provider, alias, model: target, createdById: actor.userId },
      update: { model: target },
    });
    await recordAudit(tx, auditWho(actor), {
      action: "model_alias.map",
      entityType: "model_alias",
      entityId: saved.id,
      before: before ? { alias, model: before.model } : undefined,
      after: { provider: data.provider, alias, model: target },
    });
  });
  const from = data.rerateFrom ?? (await firstUsageDay(actor.org.id)) ?? today();
  const run = await startRerate(actor, { from, to: today() }, schedule);
  return { alias, model: target, rerate: run };
}

async function firstUsageDay(orgId: string): Promise<string | null> {
  const { rows } = await pool.query<{ day: string | null }>(`SELECT to_char(min(day), 'YYYY-MM-DD') AS day FROM daily_usage WHERE "orgId" = $1`, [orgId]);
  return rows[0]?.day ?? null;
}

export async function createPriceOverride(actor: Actor, input: unknown) {
  authorize(actor, "prices:write");
  const data = parseInput(OverrideInputSchema, input);
  const model = data.model.toLowerCase();
  if (!(await db.priceEntry.findFirst({ where: model ? { provider: data.provider, model } : { provider: data.provider } }))) {
    throw new AppError("validation_failed", model ? `The catalog has no ${data.provider} model "${data.model}".` : `The catalog has no provider "${data.provider}".`, {
      fieldErrors: model ? { model: ["Pick a model from the catalog (map other names to one first)."] } : { provider: ["Pick a provider from the catalog."] },
    });
  }
  return db.$transaction(async (tx) => {
    const override = await tx.priceOverride.create({
      data: {
        orgId: actor.org.id,
        provider: data.provider,
        model,
        serviceTier: data.serviceTier,
        tokenType: data.kind === "price" ? data.tokenType! : null,
        pricePerMillion: data.kind === "price" ? data.pricePerMillion! : null,
        discountPercent: data.kind === "discount" ? data.discountPercent! : null,
        validFrom: dayDate(data.validFrom),
        validTo: data.validTo ? dayDate(data.validTo) : null,
        note: data.note || null,
        createdById: actor.userId,
      },
    });
    await recordAudit(tx, auditWho(actor), { action: "price_override.create", entityType: "price_override", entityId: override.id, after: data });
    return toOverrideView(override);
  });
}

export async function deletePriceOverride(actor: Actor, id: string): Promise<void> {
  authorize(actor, "prices:write");
  await db.$transaction(async (tx) => {
    const override = await tx.priceOverride.findFirst({ where: { id, orgId: actor.org.id } });
    if (!override) throw AppError.notFound("Contract price");
    await tx.priceOverride.delete({ where: { id } });
    await recordAudit(tx, auditWho(actor), { action: "price_override.delete", entityType: "price_override", entityId: id, before: override });
  });
}

export type PriceListPreview = { diff: PriceListDiff<PriceListEntry & { validFrom: string }>; entries: number; skippedModels: number; ignoredKeys: string[]; effectiveFrom: string };

/**
 * A price list in the open JSON format: without `apply`, the diff against the current catalog; with it, the
 * changes take effect from `effectiveFrom` (current rows end there, new rows start there), audited.
 */
export async function importPriceList(actor: Actor, json: unknown, options: { apply: boolean; effectiveFrom?: string | null }): Promise<PriceListPreview & { applied: boolean }> {
  authorize(actor, "prices:write");
  let parsed: ReturnType<typeof parsePriceList>;
  try {
    parsed = parsePriceList(json);
  } catch (error) {
    throw new AppError("validation_failed", (error as Error).message);
  }
  const effectiveFrom = options.effectiveFrom ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) throw new AppError("validation_failed", "effectiveFrom is a date, YYYY-MM-DD.");
  const current = (await listPrices(actor)).filter((price) => price.validFrom <= effectiveFrom && (price.validTo === null || price.validTo > effectiveFrom));
  const diff = diffPriceList(
    current.map((price) => ({ ...price, serviceTier: price.serviceTier as PriceListEntry["serviceTier"], contextTier: price.contextTier as PriceListEntry["contextTier"] })),
    parsed.entries,
  );
  const preview = { diff, entries: parsed.entries.length, skippedModels: parsed.skippedModels, ignoredKeys: parsed.ignoredKeys, effectiveFrom };
  if (!options.apply) return { ...preview, applied: false };

  const source = "price list imported by an admin";
  await db.$transaction(async (tx) => {
    for (const { before, after } of diff.changed) {
      const row = await tx.priceEntry.findFirst({
        where: { provider: before.provider, model: before.model, serviceTier: before.serviceTier, contextTier: before.contextTier, validFrom: dayDate(before.validFrom) },
      });
      if (row) await tx.priceEntry.update({ where: { id: row.id }, data: { validTo: dayDate(effectiveFrom) } });
      await tx.priceEntry.upsert({
        where: { provider_model_serviceTier_contextTier_validFrom: { provider: after.provider, model: after.model, serviceTier: after.serviceTier, contextTier: after.contextTier, validFrom: dayDate(effectiveFrom) } },
        create: entryData(after, effectiveFrom, source),
        update: entryData(after, effectiveFrom, source),
      });
    }
    if (diff.added.length) await tx.priceEntry.createMany({ data: diff.added.map((entry) => entryData(entry, effectiveFrom, source)), skipDuplicates: true });
    await recordAudit(tx, auditWho(actor), {
      action: "price_list.import",
      entityType: "price_entry",
      entityId: null,
      before: { changed: diff.changed.map((change) => change.before) },
      after: { effectiveFrom, added: diff.added.length, changed: diff.changed.map((change) => change.after) },
    });
  });
  return { ...preview, applied: true };
}

function entryData(entry: PriceListEntry, effectiveFrom: string, source: string) {
  return {
    provider: entry.provider,
    model: entry.model,
    serviceTier: entry.serviceTier,
    contextTier: entry.contextTier,
    uncachedInputPerMillion: entry.uncachedInput,
    cacheReadPerMillion: entry.cacheRead,
    cacheWrite5mPerMillion: entry.cacheWrite5m,
    cacheWrite1hPerMillion: entry.cacheWrite1h,
    outputPerMillion: entry.output,
    validFrom: dayDate(effectiveFrom),
    source,
    checkedAt: dayDate(today()),
    origin: "import",
  };
}

/** A rate from a currency to the organization's reporting currency, for a day (replacing that day's). */
export async function saveExchangeRate(actor: Actor, input: unknown): Promise<RateView> {
  authorize(actor, "rates:write");
  const data = parseInput(ExchangeRateInputSchema, input);
  if (data.currency === actor.org.currency) {
    throw new AppError("validation_failed", `${data.currency} is the reporting currency.`, { fieldErrors: { currency: ["Pick another currency than the reporting one."] } });
  }
  await db.$transaction(async (tx) => {
    const key = { orgId: actor.org.id, fromCurrency: data.currency, toCurrency: actor.org.currency, day: dayDate(data.day) };
    const before = await tx.exchangeRate.findUnique({ where: { orgId_fromCurrency_toCurrency_day: key } });
    await tx.exchangeRate.upsert({ where: { orgId_fromCurrency_toCurrency_day: key }, create: { ...key, rate: data.rate }, update: { rate: data.rate } });
    await recordAudit(tx, auditWho(actor), {
      action: "exchange_rate.save",
      entityType: "exchange_rate",
      entityId: `${data.currency}/${actor.org.currency}/${data.day}`,
      before: before ? { rate: before.rate.toString() } : undefined,
      after: { rate: data.rate },
    });
  });
  return { fromCurrency: data.currency, toCurrency: actor.org.currency, day: data.day, rate: canonicalDecimal(data.rate) };
}

/** A CSV of date, currency, rate (a header row is optional): every row valid, or nothing is saved. */
export async function importExchangeRates(actor: Actor, csv: string): Promise<{ saved: number }> {
  authorize(actor, "rates:write");
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, "").replace(/\r?\n$/, ""));
  if (parsed.errors.some((error) => error.type === "Quotes")) throw new AppError("validation_failed", "The file is not a CSV of date, currency, rate.");
  // Line numbers as the file has them (blank lines are skipped, not renumbered).
  const lines = parsed.data.map((row, index) => ({ line: index + 1, row: row.map((cell) => cell.trim()) })).filter(({ row }) => row.some(Boolean));
  const body = lines[0] && !/^\d{4}-\d{2}-\d{2}$/.test(lines[0].row[0] ?? "") ? lines.slice(1) : lines;
  if (body.length === 0) throw new AppError("validation_failed", "The file has no rates.");
  const errors: Record<string, string[]> = {};
  const rates = body.map(({ line, row }) => {
    const result = ExchangeRateInputSchema.safeParse({ day: row[0], currency: row[1], rate: row[2] });
    if (!result.success) {
      for (const [field, messages] of Object.entries(fieldErrorsOf(result.error))) errors[`line ${line}, ${field === "day" ? "date" : field}`] = messages;
      return null;
    }
    if (result.data.currency === actor.org.currency) errors[`line ${line}, currency`] = [`${result.data.currency} is the reporting currency`];
    return result.data;
  });
  if (Object.keys(errors).length) throw new AppError("validation_failed", "Some rates are not valid; nothing was saved.", { fieldErrors: errors });
  await db.$transaction(async (tx) => {
    for (const rate of rates) {
      const key = { orgId: actor.org.id, fromCurrency: rate!.currency, toCurrency: actor.org.currency, day: dayDate(rate!.day) };
      await tx.exchangeRate.upsert({ where: { orgId_fromCurrency_toCurrency_day: key }, create: { ...key, rate: rate!.rate }, update: { rate: rate!.rate } });
    }
    await recordAudit(tx, auditWho(actor), { action: "exchange_rate.import", entityType: "exchange_rate", entityId: null, after: { rates: rates.length } });
  });
  return { saved: rates.length };
}
