// GET /api/v1/exports/focus?from=YYYY-MM-DD&to=YYYY-MM-DD: the ledger's records of those usage days as a FOCUS 1.2
// CSV, streamed from a cursor (memory stays flat whatever the range), team and workflow as x_ columns.
import { Readable } from "node:stream";
import { apiRoute } from "@/lib/api/handler";
import { focusExportFor } from "@/lib/exports/focus-export";

export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const { stream, filename } = focusExportFor(actor, { from: params.get("from"), to: params.get("to") });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
  });
});
