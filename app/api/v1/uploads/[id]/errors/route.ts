// GET /api/v1/uploads/{id}/errors: every rejected or skipped row of an upload, as CSV.
import { apiRoute } from "@/lib/api/handler";
import { uploadErrorsCsv } from "@/lib/uploads/queries";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const { filename, stream } = await uploadErrorsCsv(actor, params.id);
  return new Response(stream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename.replace(/"/g, "")}"` },
  });
});
