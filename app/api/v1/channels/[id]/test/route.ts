// POST /api/v1/channels/{id}/test: send a test message now and return what the receiver answered (logged like any delivery).
import { apiRoute, json } from "@/lib/api/handler";
import { testChannel } from "@/lib/notifications/channels";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => json({ result: await testChannel(actor, params.id) }));
