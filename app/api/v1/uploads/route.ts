// GET|POST /api/v1/uploads: upload history, and upload a billing export (imports at once; 202).
import { apiRoute, json } from "@/lib/api/handler";
import { readUploadBody } from "@/lib/api/upload-body";
import { createUpload } from "@/lib/uploads/mutations";
import { listUploads } from "@/lib/uploads/queries";

export const GET = apiRoute(async ({ actor }) => json({ uploads: await listUploads(actor) }));

export const POST = apiRoute(async ({ actor, request }) => {
  const url = new URL(request.url);
  const body = await readUploadBody(request);
  const upload = await createUpload(actor, {
    body: body.file,
    filename: body.filename,
    options: {
      mode: url.searchParams.get("mode") ?? body.fields.mode ?? undefined,
      mapping: url.searchParams.get("mapping") ?? body.fields.mapping ?? null,
    },
  });
  return json({ upload }, 202);
});
