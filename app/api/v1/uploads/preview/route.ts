// POST /api/v1/uploads/preview: the detected format and the first rows as they will be read; imports nothing.
import { apiRoute, json } from "@/lib/api/handler";
import { readUploadBody } from "@/lib/api/upload-body";
import { authorize } from "@/lib/auth/authorize";
import { listColumnMappings } from "@/lib/uploads/queries";
import { previewCsv } from "@/lib/uploads/preview";

export const POST = apiRoute(async ({ actor, request }) => {
  authorize(actor, "uploads:write");
  const body = await readUploadBody(request);
  const mappings = await listColumnMappings(actor);
  const preview = await previewCsv(body.file, mappings, new URL(request.url).searchParams.get("mapping") ?? body.fields.mapping ?? null);
  return json({ preview });
});
