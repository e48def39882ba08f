// POST /api/v1/attribution-rules/apply: re-apply the rules to history from `from` to `to` (a background run with
// progress and an audit record; 202). `?dryRun=true` answers what it would move instead.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { applyRules, previewApply } from "@/lib/attribution/rules";

export const POST = apiRoute(async ({ actor, request }) => {
  const body = await readJson(request);
  if (new URL(request.url).searchParams.get("dryRun") === "true") return json(await previewApply(actor, body));
  return json({ run: await applyRules(actor, body) }, 202);
});
