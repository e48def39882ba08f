// GET /api/v1/prices/unpriced: usage the catalog could not price, by provider and model.
import { apiRoute, json } from "@/lib/api/handler";
import { unpricedUsage } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  return json({ unpriced: await unpricedUsage(actor, { from: params.get("from") ?? undefined, to: params.get("to") ?? undefined }) });
});
