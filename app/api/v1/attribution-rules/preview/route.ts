// POST /api/v1/attribution-rules/preview: what a rule (new, or an existing one's new version) would move over the
// last 30 days, from where to where; nothing is saved.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { previewRule } from "@/lib/attribution/rules";

export const POST = apiRoute(async ({ actor, request }) => json(await previewRule(actor, await readJson(request))));
