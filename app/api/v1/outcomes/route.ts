// GET|POST /api/v1/outcomes: cost per outcome per workflow over a range (?view=list: the stored counts); send
// outcome counts as a JSON array (valid items written, each bad one reported by index) or a CSV (strict).
import { apiRoute, json, readJson, readTextUpTo } from "@/lib/api/handler";
import { AppError, parseInput } from "@/lib/errors";
import { listOutcomes, outcomeReport, recordOutcomes, recordOutcomesCsv } from "@/lib/outcomes/outcomes";
import { MAX_OUTCOME_BODY_BYTES, OutcomeQuerySchema } from "@/lib/outcomes/schemas";

export const GET = apiRoute(async ({ actor, request }) => {
  const { view, workflow, from, to, granularity } = parseInput(OutcomeQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  if (view === "list") return json(await listOutcomes(actor, { from, to, workflowId: workflow }));
  return json({ report: await outcomeReport(actor, { from, to, granularity, workflowId: workflow }) });
});

export const POST = apiRoute(async ({ actor, request }) => {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) {
    const text = await readTextUpTo(request, MAX_OUTCOME_BODY_BYTES, "Outcome CSVs are limited to 1 MiB (10,000 rows).");
    return json(await recordOutcomesCsv(actor, text));
  }
  if (!type.startsWith("application/json")) {
    throw new AppError("unsupported_media_type", "Send a JSON array with `Content-Type: application/json`, or a CSV (header day,workflow,kind,count) with `Content-Type: text/csv`.");
  }
  return json(await recordOutcomes(actor, await readJson(request, MAX_OUTCOME_BODY_BYTES)));
});
