// GET /api/v1/alerts: alerts newest first, with filters (kind, status, severity, budget, team, days) and where each
// was delivered. Managers: alerts of their teams' budgets and their teams' and workflows' anomalies.
import { apiRoute, json } from "@/lib/api/handler";
import { listAlerts } from "@/lib/alerts/alerts";

export const GET = apiRoute(async ({ actor, request }) => json({ alerts: await listAlerts(actor, Object.fromEntries(new URL(request.url).searchParams)) }));
