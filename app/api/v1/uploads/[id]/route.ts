// GET|DELETE /api/v1/uploads/{id}: an upload's status and report; delete removes exactly its records.
import { apiRoute, json } from "@/lib/api/handler";
import { deleteUpload } from "@/lib/uploads/mutations";
import { getUpload } from "@/lib/uploads/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ upload: await getUpload(actor, params.id) }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => json({ deleted: true, removed: await deleteUpload(actor, params.id) }));
