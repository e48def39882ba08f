// PATCH|DELETE /api/v1/attribution-rules/{id}: change (conditions, target, enabled, position) or delete a rule.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteRule, updateRule } from "@/lib/attribution/rules";

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => json({ rule: await updateRule(actor, params.id, await readJson(request)) }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteRule(actor, params.id);
  return json({ deleted: true });
});
