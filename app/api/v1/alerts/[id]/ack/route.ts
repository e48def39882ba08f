// POST /api/v1/alerts/{id}/ack: acknowledge an alert (idempotent).
import { apiRoute, json } from "@/lib/api/handler";
import { acknowledgeAlert } from "@/lib/alerts/alerts";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => json({ alert: await acknowledgeAlert(actor, params.id) }));
