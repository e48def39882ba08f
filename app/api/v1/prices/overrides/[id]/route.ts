// DELETE /api/v1/prices/overrides/{id}: end a contract price (another organization's is a 404).
import { apiRoute, json } from "@/lib/api/handler";
import { deletePriceOverride } from "@/lib/pricing/mutations";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deletePriceOverride(actor, params.id);
  return json({ deleted: true });
});
