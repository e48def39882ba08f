// GET /api/v1/reports/reconciliation?from=YYYY-MM&to=YYYY-MM: per provider and month, billed against estimated
// cost and the difference (`format=csv` for a file). With `provider` and `month` instead: that month by model and
// by day. Finance and admins.
import { apiRoute, json } from "@/lib/api/handler";
import { reconciliation, reconciliationCsv, reconciliationDrill } from "@/lib/reports/reconciliation";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const value = (name: string) => params.get(name) ?? undefined;
  if (params.has("provider")) return json(await reconciliationDrill(actor, { provider: value("provider"), month: value("month") }));
  const report = await reconciliation(actor, { from: value("from"), to: value("to") });
  if (params.get("format") !== "csv") return json(report);
  return new Response(reconciliationCsv(report), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="reconciliation-${report.from}-to-${report.to}.csv"` },
  });
});
