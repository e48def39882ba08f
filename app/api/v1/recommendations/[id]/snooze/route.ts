// POST /api/v1/recommendations/{id}/snooze: body `{ "days": 1–90 }`, or no body for 14 days.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { snoozeRecommendation } from "@/lib/recommendations/recommendations";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const body = request.headers.get("content-type") ? await readJson(request) : {};
  return json({ recommendation: await snoozeRecommendation(actor, params.id, body) });
});
