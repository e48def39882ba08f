// POST /api/v1/recommendations/{id}/accept
import { apiRoute, json } from "@/lib/api/handler";
import { acceptRecommendation } from "@/lib/recommendations/recommendations";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => json({ recommendation: await acceptRecommendation(actor, params.id) }));
