// GET /api/v1/channels/{id}/deliveries: the channel's 50 most recent deliveries, newest first, each with its attempts.
import { apiRoute, json } from "@/lib/api/handler";
import { listDeliveries } from "@/lib/notifications/channels";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ deliveries: await listDeliveries(actor, { channelId: params.id, limit: 50 }) }));
