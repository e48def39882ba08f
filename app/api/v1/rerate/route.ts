// GET|POST /api/v1/rerate: re-rate a date range after a price or alias change (runs in the background; poll
// /api/v1/rerate/{id} for progress).
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { startRerate } from "@/lib/pricing/mutations";
import { listRerateRuns } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor }) => json({ runs: await listRerateRuns(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ run: await startRerate(actor, await readJson(request)) }, 202));
