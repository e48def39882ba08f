// POST /api/v1/recommendations/{id}/dismiss
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { dismissRecommendation } from "@/lib/recommendations/recommendations";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => json({ recommendation: await dismissRecommendation(actor, params.id, await readJson(request)) }));
