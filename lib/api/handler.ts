import "server-only";
import { z } from "zod";
import { requestActor, type Actor } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";

// The wrapper every /api/v1 route goes through: it resolves the caller (session or Bearer token), runs the
// handler, and turns any AppError into `{ error: { code, message, details } }` with the code's status.

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> = {};
  if (error.code === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer realm="tokenledger"';
  const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (error.code === "rate_limited" && retryAfter) headers["Retry-After"] = String(retryAfter);
  return Response.json(
    { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } },
    { status: error.status, headers },
  );
}

// Postgres unreachable, restarting or refusing connections: node-postgres' socket errors, Postgres' connection
// exception (08…) and shutdown/startup (57P01–57P03) codes, too many connections (53300), and Prisma's P1001/P1002/
// P1017, looked for along the error's causes (Prisma wraps the driver adapter's error).
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300", "P1001", "P1002", "P1017"]);
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|Can't reach database server|server closed the connection|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && CONNECTION_MESSAGES.test(message)) return true;
    // An AggregateError (a refused connection tried on IPv4 and IPv6) carries the socket errors inside.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnreachable(inner))) return true;
    current = cause;
  }
  return false;
}

function toResponse(error: unknown): Response {
  if (isAppError(error)) return errorResponse(error);
  if (error instanceof z.ZodError) return errorResponse(AppError.validation(error));
  if (isDatabaseUnreachable(error)) {
    logger.warn({ err: error }, "database unreachable");
    // 503 with Retry-After: the pool reconnects by itself once Postgres is back.
    return Response.json(
      { error: { code: "unavailable", message: "The database is not reachable; try again in a moment." } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  logger.error({ err: error }, "unhandled API error");
  return errorResponse(new AppError("internal", "Something went wrong on our side. Try again; if it persists, contact support."));
}

export function apiRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (context: { request: Request; actor: Actor; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await requestActor(request);
      const params = (await context.params) as P;
      return await handler({ request, actor, params });
    } catch (error) {
      return toResponse(error);
    }
  };
}

/** A route that needs no caller (the OpenAPI document). */
export function publicRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return toResponse(error);
    }
  };
}

const MAX_JSON_BYTES = 1024 * 1024;

/** The request's JSON body: 415 for another content type, 413 over the limit (1 MiB), 400 when it does not parse. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const limit = `JSON bodies here are limited to ${Math.round(maxBytes / 1024 / 1024)} MiB.`;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", limit);
  const text = await readTextUpTo(request, maxBytes, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

/** The body as text, stopping (413) as soon as it passes `maxBytes`, whatever Content-Length claimed. */
export async function readTextUpTo(request: Request, maxBytes: number, message: string): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", message);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
