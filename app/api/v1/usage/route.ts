// POST /api/v1/usage: push usage events (a JSON array, up to 10,000 events or 10 MB) with a token scoped
// usage:write. Valid events are written; each invalid one is reported with its index and reason.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { evaluateLater } from "@/lib/alerts/trigger";
import { pushUsageEvents } from "@/lib/usage/push";

const MAX_BYTES = 10 * 1024 * 1024;

export const POST = apiRoute(async ({ actor, request }) => {
  const result = await pushUsageEvents(actor, await readJson(request, MAX_BYTES));
  evaluateLater(actor.org.id);
  return json(result, 202);
});
