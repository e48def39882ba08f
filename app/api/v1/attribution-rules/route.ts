// GET|POST /api/v1/attribution-rules: the organization's ordered rules; add one (at `position`, default last).
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createRule, listRules } from "@/lib/attribution/rules";

export const GET = apiRoute(async ({ actor }) => json({ rules: await listRules(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ rule: await createRule(actor, await readJson(request)) }, 201));
