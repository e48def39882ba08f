// GET /api/v1/spend: spend grouped by any ledger dimension, from the daily rollups where they allow.
import { apiRoute, json } from "@/lib/api/handler";
import { querySpend } from "@/lib/spend/queries";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  return json(
    await querySpend(actor, {
      from: params.get("from") ?? undefined,
      to: params.get("to") ?? undefined,
      groupBy: params.get("groupBy") ?? undefined,
      metric: params.get("metric") ?? undefined,
      currency: params.get("currency") ?? undefined,
    }),
  );
});
