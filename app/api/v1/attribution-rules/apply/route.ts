// GET|POST /api/v1/attribution-rules/apply: the recent re-apply runs; re-apply the rules to history from `from` to
// `to` (a background run with progress and an audit record; 202; poll /apply/{id}). `?dryRun=true` answers what it
// would move instead.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { applyRules, listApplyRuns, previewApply } from "@/lib/attribution/rules";

export const GET = apiRoute(async ({ actor }) => json({ runs: await listApplyRuns(actor) }));

export const POST = apiRoute(async ({ actor, request }) => {
  const body = await readJson(request);
  if (new URL(request.url).searchParams.get("dryRun") === "true") return json(await previewApply(actor, body));
  return json({ run: await applyRules(actor, body) }, 202);
});
