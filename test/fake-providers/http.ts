import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

// Shared plumbing for the fake provider servers: a loopback server that can be closed even while requests
// hang, JSON replies, lenient repeated-parameter parsing, opaque cursors, a request log and fault injection.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type FaultKind = "429" | "500" | "hang";

export interface FaultRequest {
  path: string;
  query: URLSearchParams;
  /** 0-based position of the request among all requests this server has received (same as its log index). */
  index: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The raw query string without the leading "?" (percent-encoding kept, as sent). */
  query: string;
  /** The status sent, or null while unanswered (a "hang" fault never answers). */
  status: number | null;
}

/** Rejects a request with an HTTP status and a provider-shaped error body; thrown by handlers, caught by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export class Faults {
  private queue: FaultKind[] = [];
  private predicate: ((request: FaultRequest) => FaultKind | null) | null = null;

  /** The next `count` requests fail with `kind` (queued after any failures already pending). */
  failNext(count: number, kind: FaultKind): void {
    for (let i = 0; i < count; i++) this.queue.push(kind);
  }

  /** Every request is offered to `predicate`; a non-null answer fails it. Replaces an earlier predicate. */
  failWhen(predicate: (request: FaultRequest) => FaultKind | null): void {
    this.predicate = predicate;
  }

  /** Drops pending failures and the predicate. */
  clear(): void {
    this.queue = [];
    this.predicate = null;
  }

  /** The fault for this request, if any. Queued failures come first, so `failNext` is exact about "next". */
  take(request: FaultRequest): FaultKind | null {
    const queued = this.queue.shift();
    if (queued) return queued;
    return this.predicate?.(request) ?? null;
  }
}

export interface Reply {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

export interface FakeServerHooks {
  /** Answers a request that passed fault injection. Throw HttpError for 4xx answers. */
  handle(request: IncomingMessage, url: URL): Reply;
  /** The body (and headers) of an injected 429 or 500, in the provider's error shape. */
  faultReply(kind: "429" | "500"): Reply;
  /** The body of an HttpError, in the provider's error shape. */
  errorBody(error: HttpError): Json;
}

export interface FakeServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  requests: RequestLogEntry[];
  faults: Faults;
  close(): Promise<void>;
}

export function sendJson(response: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...reply.headers });
  response.end(body);
}

export async function startFakeServer(hooks: FakeServerHooks): Promise<FakeServer> {
  const requests: RequestLogEntry[] = [];
  const faults = new Faults();
  // Tracked so close() can destroy keep-alive and hanging connections; server.close() alone would wait for them.
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const entry: RequestLogEntry = { method: request.method ?? "GET", path: url.pathname, query: url.search.slice(1), status: null };
    const index = requests.push(entry) - 1;
    const reply = (answer: Reply) => {
      entry.status = answer.status;
      sendJson(response, answer);
    };

    const fault = faults.take({ path: url.pathname, query: url.searchParams, index });
    if (fault === "hang") return; // accepted, never answered: only close() (or the client) ends it
    if (fault) return reply(hooks.faultReply(fault));

    try {
      reply(hooks.handle(request, url));
    } catch (error) {
      if (error instanceof HttpError) return reply({ status: error.status, body: hooks.errorBody(error) });
      // A bug in the fake must not pass for a provider fault that a client retries quietly: say it loudly.
      console.error("fake provider server bug:", error);
      reply({ status: 500, body: { fake_server_bug: String(error instanceof Error ? error.stack : error) } });
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return { origin: `http://127.0.0.1:${port}`, requests, faults, close };
}

// ── query parsing ──────────────────────────────────────────────────────────────────────────────────────────

/** All values of a repeated parameter, sent either as `name=a&name=b` or in bracket form `name[]=a&name[]=b`. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)];
}

/** A single-valued parameter; an empty value counts as absent. */
export function param(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value === null || value === "" ? null : value;
}

export function invalid(message: string): HttpError {
  return new HttpError(400, "invalid_request_error", message);
}

/** Parses `limit`: a whole number in 1..max, default when absent; anything else is a 400 like the real APIs. */
export function limitParam(query: URLSearchParams, defaultLimit: number, max: number): number {
  const raw = param(query, "limit");
  if (raw === null) return defaultLimit;
  if (!/^\d+$/.test(raw)) throw invalid(`limit must be an integer, got '${raw}'`);
  const limit = Number(raw);
  if (limit < 1 || limit > max) throw invalid(`limit must be between 1 and ${max}, got ${limit}`);
  return limit;
}

/** Validates group_by values against the endpoint's allowed fields; duplicates collapse. */
export function groupByParam<F extends string>(query: URLSearchParams, allowed: readonly F[]): F[] {
  const values = listParam(query, "group_by");
  const chosen: F[] = [];
  for (const value of values) {
    const field = allowed.find((candidate) => candidate === value);
    if (!field) throw invalid(`Invalid group_by value '${value}'; allowed: ${allowed.join(", ")}`);
    if (!chosen.includes(field)) chosen.push(field);
  }
  return chosen;
}

// ── opaque cursors ─────────────────────────────────────────────────────────────────────────────────────────

/** A cursor is base64url JSON behind a "page_" prefix: opaque to clients, as the providers' cursors are. */
export function encodeCursor(state: JsonObject): string {
  return `page_${Buffer.from(JSON.stringify(state)).toString("base64url")}`;
}

/** Decodes a cursor made by encodeCursor for `kind`; anything else (forged, truncated, another endpoint's) is a 400. */
export function decodeCursor(page: string, kind: string): JsonObject {
  const invalidPage = invalid(`Invalid page cursor '${page}'`);
  if (!page.startsWith("page_")) throw invalidPage;
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(page.slice("page_".length), "base64url").toString("utf8"));
  } catch {
    throw invalidPage;
  }
  if (typeof state !== "object" || state === null || Array.isArray(state) || (state as JsonObject).kind !== kind) throw invalidPage;
  return state as JsonObject;
}

export function cursorNumber(state: JsonObject, key: string, page: string): number {
  const value = state[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalid(`Invalid page cursor '${page}'`);
  return value;
}

export function cursorString(state: JsonObject, key: string, page: string): string {
  const value = state[key];
  if (typeof value !== "string") throw invalid(`Invalid page cursor '${page}'`);
  return value;
}
