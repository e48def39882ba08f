// GET /api/v1/reports/chargeback?from=YYYY-MM&to=YYYY-MM: per team (with cost center) and month, direct spend,
// shares of split shared spend received and given, and the total charged, to the cent. `format=csv` for a file.
// Managers get the rows of their own teams.
import { apiRoute, json } from "@/lib/api/handler";
import { chargeback, chargebackCsv } from "@/lib/reports/chargeback";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const report = await chargeback(actor, { from: params.get("from") ?? undefined, to: params.get("to") ?? undefined });
  if (params.get("format") !== "csv") return json(report);
  return new Response(chargebackCsv(report), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="chargeback-${report.from}-to-${report.to}.csv"` },
  });
});
