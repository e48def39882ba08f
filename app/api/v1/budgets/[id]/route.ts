// GET|PATCH|DELETE /api/v1/budgets/{id}: one budget with its past periods (actual against the amount, period by
// period); change it; delete it. Every change is in the audit log.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteBudget, getBudget, updateBudget } from "@/lib/budgets/budgets";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ budget: await getBudget(actor, params.id) }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => json({ budget: await updateBudget(actor, params.id, await readJson(request)) }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteBudget(actor, params.id);
  return json({ deleted: true });
});
