// GET|POST /api/v1/connections: provider admin API connections. A new one is checked with a live call, stored
// with its key encrypted, and starts its backfill.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createConnection } from "@/lib/connections/mutations";
import { listConnections } from "@/lib/connections/queries";

export const GET = apiRoute(async ({ actor }) => json({ connections: await listConnections(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ connection: await createConnection(actor, await readJson(request)) }, 201));
