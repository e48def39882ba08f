// GET|PATCH|DELETE /api/v1/channels/{id}: one channel (its secret's hint only); change it (an omitted secret is
// kept); delete it (budgets stop sending to it). Another organization's channel is a 404.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteChannel, getChannel, updateChannel } from "@/lib/notifications/channels";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ channel: await getChannel(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => json({ channel: await updateChannel(actor, params.id, await readJson(request)) }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteChannel(actor, params.id);
  return json({ deleted: true });
});
