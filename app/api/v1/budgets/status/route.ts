// GET /api/v1/budgets/status?team=&workflow=&model=&provider=: the dial. For a gateway deciding how to serve a
// request: every budget that applies, its actual, forecast and percentage, and a decision ok / warn / downgrade
// (with the cheaper model to route to) / block from the policy set per budget. Fast enough to call per request.
import { apiRoute, json } from "@/lib/api/handler";
import { budgetDial } from "@/lib/budgets/dial";

export const GET = apiRoute(async ({ actor, request }) => json(await budgetDial(actor, Object.fromEntries(new URL(request.url).searchParams))));
