// GET|POST /api/v1/channels: the organization's notification channels (email, Slack, webhook). Secrets go in
// encrypted and never come back; a generated webhook signing secret is returned once, in the create response.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createChannel, listChannels } from "@/lib/notifications/channels";

export const GET = apiRoute(async ({ actor }) => json({ channels: await listChannels(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json(await createChannel(actor, await readJson(request)), 201));
