// GET|POST /api/v1/exchange-rates: dated rates to the reporting currency, and the currencies still missing one.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { saveExchangeRate } from "@/lib/pricing/mutations";
import { listExchangeRates, missingRateCurrencies } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor }) => {
  const [rates, missing] = await Promise.all([listExchangeRates(actor), missingRateCurrencies(actor)]);
  return json({ reportingCurrency: actor.org.currency, rates, missing });
});

export const POST = apiRoute(async ({ actor, request }) => json({ rate: await saveExchangeRate(actor, await readJson(request)) }, 201));
