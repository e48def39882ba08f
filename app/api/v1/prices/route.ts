// GET /api/v1/prices?model=…: catalog prices (current and past) of the models matching a name, alias or provider.
import { apiRoute, json } from "@/lib/api/handler";
import { listPrices } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  return json({ prices: await listPrices(actor, { search: params.get("model"), provider: params.get("provider") }) });
});
