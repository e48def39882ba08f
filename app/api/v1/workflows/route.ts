// GET|POST /api/v1/workflows: list and create workflows.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createWorkflow } from "@/lib/workflows/mutations";
import { listWorkflows } from "@/lib/workflows/queries";

export const GET = apiRoute(async ({ actor }) => json({ workflows: await listWorkflows(actor) }));

export const POST = apiRoute(async ({ actor, request }) =>
  json({ workflow: await createWorkflow(actor, await readJson(request)) }, 201),
);
