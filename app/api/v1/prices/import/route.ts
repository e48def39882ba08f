// POST /api/v1/prices/import: a price list in the open JSON format. Returns the diff; `?apply=true` applies it
// from `effectiveFrom` (default today).
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { importPriceList } from "@/lib/pricing/mutations";

/** The full public list is about 1.5 MB; leave room for growth. */
const MAX_PRICE_LIST_BYTES = 32 * 1024 * 1024;

export const POST = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const body = await readJson(request, MAX_PRICE_LIST_BYTES);
  return json(await importPriceList(actor, body, { apply: params.get("apply") === "true", effectiveFrom: params.get("effectiveFrom") }));
});
