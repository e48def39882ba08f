// GET /api/v1/overview: month to date against last month, the forecast, top teams / workflows / models /
// providers, daily spend by provider, movers, unpriced and unattributed spend, and twelve months of unit economics.
import { apiRoute, json } from "@/lib/api/handler";
import { overview } from "@/lib/analytics/overview";

export const GET = apiRoute(async ({ actor }) => json(await overview(actor)));
