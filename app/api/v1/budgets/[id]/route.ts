// GET|PATCH|DELETE /api/v1/budgets/{id}: one budget with its past periods (actual against the amount, period by
// period); change it; delete it. Every change is in the audit log.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { evaluateSoon } from "@/lib/alerts/trigger";
import { deleteBudget, getBudget, updateBudget } from "@/lib/budgets/budgets";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ budget: await getBudget(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const budget = await updateBudget(actor, params.id, await readJson(request));
  void evaluateSoon(actor.org.id); // lowered below actual: the thresholds now crossed fire
  return json({ budget });
});

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteBudget(actor, params.id);
  return json({ deleted: true });
});
