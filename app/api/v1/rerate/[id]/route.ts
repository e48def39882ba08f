// GET /api/v1/rerate/{id}: a re-rate's progress, and its totals before and after.
import { apiRoute, json } from "@/lib/api/handler";
import { getRerateRun } from "@/lib/pricing/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ run: await getRerateRun(actor, params.id) }));
