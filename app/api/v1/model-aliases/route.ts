// GET|POST /api/v1/model-aliases: the organization's model names mapped to catalog models ("map to model");
// a new mapping starts a re-rate of the organization's usage.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { mapModel } from "@/lib/pricing/mutations";
import { listAliases } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor }) => json({ aliases: await listAliases(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json(await mapModel(actor, await readJson(request)), 202));
