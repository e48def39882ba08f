// POST /api/v1/what-if: a workflow's or team's last 30 days repriced at another model with an expected cache-hit share.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { whatIf } from "@/lib/what-if/what-if";

export const POST = apiRoute(async ({ actor, request }) => json(await whatIf(actor, await readJson(request))));
