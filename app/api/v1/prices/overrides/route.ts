// GET|POST /api/v1/prices/overrides: the organization's contract prices and discounts.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createPriceOverride } from "@/lib/pricing/mutations";
import { listOverrides } from "@/lib/pricing/queries";

export const GET = apiRoute(async ({ actor }) => json({ overrides: await listOverrides(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ override: await createPriceOverride(actor, await readJson(request)) }, 201));
