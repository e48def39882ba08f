// GET /api/v1/recommendations?team=&status=: recommendations sorted by monthly saving, each with its evidence,
// confidence and, once accepted, the saving realized. Managers: their teams'.
import { apiRoute, json } from "@/lib/api/handler";
import { listRecommendations } from "@/lib/recommendations/recommendations";

export const GET = apiRoute(async ({ actor, request }) => json({ recommendations: await listRecommendations(actor, Object.fromEntries(new URL(request.url).searchParams)) }));
