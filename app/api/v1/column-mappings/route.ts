// GET|POST /api/v1/column-mappings: saved column mappings for CSVs no built-in format reads.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { saveColumnMapping } from "@/lib/uploads/mutations";
import { listColumnMappings } from "@/lib/uploads/queries";

export const GET = apiRoute(async ({ actor }) =>
  json({ mappings: (await listColumnMappings(actor)).map(({ id, name, headers, mapping }) => ({ id, name, headers, mapping })) }),
);

export const POST = apiRoute(async ({ actor, request }) => json({ mapping: await saveColumnMapping(actor, await readJson(request)) }, 201));
