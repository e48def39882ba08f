// GET|POST /api/v1/spend-splits: shared spend (a team's, or the unattributed) split across teams for chargeback.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createSplit, listSplits } from "@/lib/attribution/splits";

export const GET = apiRoute(async ({ actor }) => json({ splits: await listSplits(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ split: await createSplit(actor, await readJson(request)) }, 201));
