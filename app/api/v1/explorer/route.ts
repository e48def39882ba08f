// GET /api/v1/explorer: spend and usage grouped by any dimension, filtered on any, over a range at a granularity,
// with the previous period. The explorer page's own query string works here as is; `format=csv` answers the
// table as CSV, exactly as the page shows it.
import { apiRoute, json } from "@/lib/api/handler";
import { explorerCsv } from "@/lib/analytics/csv";
import { explore } from "@/lib/analytics/explore";
import { orgToday } from "@/lib/analytics/overview";
import { fromSearchParams, queryOf } from "@/lib/analytics/url";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const result = await explore(actor, queryOf(fromSearchParams(params), orgToday(actor.org.timeZone)));
  if (params.get("format") !== "csv") return json(result);
  return new Response(explorerCsv(result), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="explorer-${result.query.from}-${result.query.to}.csv"`,
    },
  });
});
