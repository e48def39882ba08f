// DELETE /api/v1/spend-splits/{id}: stop splitting that spend; the chargeback report shows it where it is attributed again.
import { apiRoute, json } from "@/lib/api/handler";
import { deleteSplit } from "@/lib/attribution/splits";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteSplit(actor, params.id);
  return json({ deleted: true });
});
