// GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from lib/api/operations.ts.
import { publicRoute } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const GET = publicRoute(async (request) => Response.json(buildOpenApiDocument(new URL(request.url).origin)));
