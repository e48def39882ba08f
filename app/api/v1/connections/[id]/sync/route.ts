// POST /api/v1/connections/{id}/sync: sync now (optional from, to); returns the job id. 409 while one runs.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { syncConnection } from "@/lib/connections/mutations";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const hasBody = Number(request.headers.get("content-length") ?? "0") > 0 || request.headers.get("transfer-encoding") === "chunked";
  return json(await syncConnection(actor, params.id, hasBody ? await readJson(request) : {}), 202);
});
