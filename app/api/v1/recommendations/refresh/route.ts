// POST /api/v1/recommendations/refresh: recompute the organization's recommendations now (they are also computed nightly).
import { apiRoute, json } from "@/lib/api/handler";
import { refreshRecommendations } from "@/lib/recommendations/recommendations";

export const POST = apiRoute(async ({ actor }) => json(await refreshRecommendations(actor)));
