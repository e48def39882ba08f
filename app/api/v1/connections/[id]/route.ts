// GET|PATCH|DELETE /api/v1/connections/{id}: state, last sync, backfill progress, recent runs and errors; change
// the name, base URL or key; delete (the imported usage stays). Another organization's connection is a 404.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteConnection, updateConnection } from "@/lib/connections/mutations";
import { getConnection } from "@/lib/connections/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ connection: await getConnection(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => json({ connection: await updateConnection(actor, params.id, await readJson(request)) }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteConnection(actor, params.id);
  return json({ deleted: true });
});
