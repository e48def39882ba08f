// GET|POST /api/v1/budgets: the budgets the caller may see, each with its current period (actual, percent,
// thresholds crossed, days left); add one. Managers: their teams' budgets and those teams' workflows'.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createBudget, listBudgets } from "@/lib/budgets/budgets";

export const GET = apiRoute(async ({ actor }) => json({ budgets: await listBudgets(actor) }));

export const POST = apiRoute(async ({ actor, request }) => json({ budget: await createBudget(actor, await readJson(request)) }, 201));
