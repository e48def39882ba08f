// GET|PATCH|DELETE /api/v1/teams/{id}: one team; another organization's team is a 404.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteTeam, updateTeam } from "@/lib/teams/mutations";
import { getTeam } from "@/lib/teams/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ team: await getTeam(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  json({ team: await updateTeam(actor, params.id, await readJson(request)) }),
);

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteTeam(actor, params.id);
  return json({ deleted: true });
});
