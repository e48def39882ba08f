// POST /api/v1/otlp/v1/traces: OTLP/HTTP traces in JSON (point an OpenTelemetry exporter's traces endpoint here,
// with `Authorization: Bearer <token scoped usage:write>`). Spans with gen_ai.usage.* become usage; others are
// ignored. Protobuf is not read: configure the exporter for http/json.
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { evaluateLater } from "@/lib/alerts/trigger";
import { pushOtlpTraces } from "@/lib/usage/push";

const MAX_BYTES = 10 * 1024 * 1024;

export const POST = apiRoute(async ({ actor, request }) => {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-protobuf")) {
    throw new AppError("unsupported_media_type", "Send OTLP as JSON: set the exporter's protocol to http/json (OTEL_EXPORTER_OTLP_PROTOCOL=http/json).");
  }
  const result = await pushOtlpTraces(actor, await readJson(request, MAX_BYTES));
  evaluateLater(actor.org.id);
  return json(result);
});
