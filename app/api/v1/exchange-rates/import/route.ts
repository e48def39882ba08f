// POST /api/v1/exchange-rates/import: a CSV of date, currency, rate (text/csv body); all rows or none.
import { apiRoute, json, readTextUpTo } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { importExchangeRates } from "@/lib/pricing/mutations";

const MAX_RATES_BYTES = 5 * 1024 * 1024;

export const POST = apiRoute(async ({ actor, request }) => {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) {
    throw new AppError("unsupported_media_type", "Send the rates as CSV with `Content-Type: text/csv`.");
  }
  const csv = await readTextUpTo(request, MAX_RATES_BYTES, "Rate files are limited to 5 MiB.");
  return json(await importExchangeRates(actor, csv));
});
