// GET /api/v1/attribution-rules/apply/{id}: one re-apply run, for polling its progress until it has finished.
import { apiRoute, json } from "@/lib/api/handler";
import { getApplyRun } from "@/lib/attribution/rules";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ run: await getApplyRun(actor, params.id) }));
