// GET|POST /api/v1/budgets: the budgets the caller may see, each with its current period (actual, percent,
// thresholds crossed, days left); add one. Managers: their teams' budgets and those teams' workflows'.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { evaluateSoon } from "@/lib/alerts/trigger";
import { createBudget, listBudgets } from "@/lib/budgets/budgets";

export const GET = apiRoute(async ({ actor }) => json({ budgets: await listBudgets(actor) }));

export const POST = apiRoute(async ({ actor, request }) => {
  const budget = await createBudget(actor, await readJson(request));
  void evaluateSoon(actor.org.id); // a budget created already past a threshold says so at once
  return json({ budget }, 201);
});
