// GET|PATCH|DELETE /api/v1/workflows/{id}: one workflow; another organization's workflow is a 404.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteWorkflow, updateWorkflow } from "@/lib/workflows/mutations";
import { getWorkflow } from "@/lib/workflows/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ workflow: await getWorkflow(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  json({ workflow: await updateWorkflow(actor, params.id, await readJson(request)) }),
);

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteWorkflow(actor, params.id);
  return json({ deleted: true });
});
