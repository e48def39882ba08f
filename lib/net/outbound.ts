import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forbiddenAddressClass } from "@/lib/net/addresses";

// Every request the server makes to a URL someone configured (a provider's base URL, a webhook, Slack, an SMTP
// host) goes through here, against server-side request forgery: the host is resolved, every address it resolves to
// must be public, and the connection is then made to exactly those addresses (the socket's DNS lookup is pinned to
// them), so a DNS answer that changes between the check and the connect (rebinding) cannot slip a private address
// in. Redirects are followed by hand and each Location is checked the same way. Written on node:http because
// Node's built-in fetch offers no way to pin its lookup without the undici package.

/** TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true turns the address check off; only http(s) is still required. */
type Policy = boolean | ((address: string) => boolean);
let policyOverride: Policy | undefined;

/**
 * Tests only: env is parsed once, at import, so tests set the policy here (undefined: back to the env). A function
 * allows just the private addresses it accepts, so a loopback server can stand in for a public one.
 */
export function setPrivateNetworkAllowed(value: Policy | undefined): void {
  policyOverride = value;
}

const policy = (): Policy => policyOverride ?? env.TOKENLEDGER_ALLOW_PRIVATE_NETWORK;

/** True when outbound requests may reach any address (tests, single-host installs). */
export const privateNetworkAllowed = () => policy() === true;

function refusedClass(address: string): string | null {
  const current = policy();
  if (current === true) return null;
  const label = forbiddenAddressClass(address);
  return label !== null && typeof current === "function" && current(address) ? null : label;
}

/** The refusal of an outbound request: a URL that points somewhere the server may not call. */
export class OutboundRefusedError extends AppError {
  constructor(message: string) {
    super("bad_request", message);
    this.name = "OutboundRefusedError";
  }
}

const HINT = "outbound requests may not reach private, loopback or link-local addresses (set TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true on single-host installs).";

/**
 * Checks a host (name or IP literal): a name is resolved and every address it resolves to must be allowed. Returns
 * the checked addresses, for the connection to pin; null when the flag allows every address (nothing to pin).
 */
export async function assertHostAllowed(hostname: string): Promise<LookupAddress[] | null> {
  if (privateNetworkAllowed()) return null;
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  for (const { address } of addresses) {
    const label = refusedClass(address);
    if (label) throw new OutboundRefusedError(`Refused to connect to ${address} (${label})${literal ? "" : ` for ${host}`}: ${HINT}`);
  }
  return addresses;
}

function toUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  if (!URL.canParse(url)) throw new OutboundRefusedError("Not a URL.");
  return new URL(url);
}

/** Checks an http(s) URL before anything is sent to it; see assertHostAllowed. */
export async function assertOutboundAllowed(url: string | URL): Promise<LookupAddress[] | null> {
  const target = toUrl(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new OutboundRefusedError(`Only http:// and https:// URLs can be called, not ${target.protocol}//.`);
  return assertHostAllowed(target.hostname);
}

/**
 * Checks an SMTP server URL (smtp:// or smtps://) like assertHostAllowed. nodemailer also takes a proxy from the
 * URL (?proxy=…), which would connect where no check reaches: refused unless private addresses are allowed.
 */
export async function assertSmtpAllowed(url: URL): Promise<LookupAddress[] | null> {
  if (url.searchParams.has("proxy") && !privateNetworkAllowed()) {
    throw new OutboundRefusedError("An SMTP proxy (?proxy=) is allowed only when TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true: where it connects cannot be checked.");
  }
  return assertHostAllowed(url.hostname);
}

/**
 * The save-time check of a configured URL, so an admin learns at once: a refused address becomes a validation error
 * on the field. A host that does not resolve (yet) passes: the send reports it, and DNS answers change anyway.
 * `httpsOnly`: plain http only where private addresses are allowed (it would carry the secrets in clear).
 */
export async function assertFieldUrlAllowed(field: string, url: string, options: { httpsOnly?: boolean } = {}): Promise<void> {
  const refuse = (message: string) => new AppError("validation_failed", message, { fieldErrors: { [field]: [message] } });
  const target = toUrl(url);
  if (options.httpsOnly && target.protocol === "http:" && !privateNetworkAllowed()) {
    throw refuse("Use an https:// URL: plain http is allowed only when TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true.");
  }
  try {
    await (/^smtps?:$/.test(target.protocol) ? assertSmtpAllowed(target) : assertHostAllowed(target.hostname));
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw refuse(error.message);
  }
}

/** Connections made with this lookup go only to the addresses already checked. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
    const usable = family === 0 ? addresses : addresses.filter((address) => address.family === family);
    if (usable.length === 0) callback(Object.assign(new Error(`No IPv${family} address was checked.`), { code: "ENOTFOUND" }), "", 0);
    else if (options.all) callback(null, usable);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}

export type SafeFetchInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts every hop and the reading of the answer; rejects with its reason, as fetch does. */
  signal?: AbortSignal;
  /** "manual": a 3xx is returned as it is. Default "follow" (at most MAX_REDIRECTS, each Location checked). */
  redirect?: "follow" | "manual";
};

export const MAX_REDIRECTS = 5;
/** An answer larger than this is abandoned: a hostile receiver must not be able to fill the memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, "x-gzip": createGunzip, deflate: createInflate, br: createBrotliDecompress };
/** Not sent to another origin after a redirect: fetch drops Authorization; provider keys also travel as x-api-key. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const decoder = DECODERS[String(message.headers["content-encoding"] ?? "").trim().toLowerCase()];
  const stream: Readable = decoder ? message.pipe(decoder()) : message;
  if (decoder) message.on("error", (error) => stream.destroy(error));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      message.destroy();
      throw new Error(`The answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toResponse(message: IncomingMessage, body: Buffer): Response {
  const status = message.statusCode ?? 0;
  if (status < 200 || status > 599) throw new Error(`Unexpected HTTP status ${status}.`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    // The body is decoded already.
    if (value === undefined || name === "content-encoding" || name === "content-length") continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Response(NULL_BODY_STATUSES.has(status) ? null : new Uint8Array(body), { status, statusText: message.statusMessage ?? "", headers });
}

/** One request, to the checked addresses only (null: any). */
function send(url: URL, init: SafeFetchInit, addresses: LookupAddress[] | null): Promise<Response> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const headers = { "accept-encoding": "gzip, deflate, br", ...init.headers };
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: init.method ?? "GET",
      headers,
      // A fresh connection each time: a pooled socket could outlive a change of the policy.
      agent: false,
      ...(addresses ? { lookup: pinnedLookup(addresses) } : {}),
    });
    const onAbort = () => {
      reject(signal!.reason);
      request.destroy(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = <T>(then: (value: T) => void) => (value: T) => {
      signal?.removeEventListener("abort", onAbort);
      then(value);
    };
    request.on("error", settle(reject));
    request.once("response", (message) => {
      readBody(message).then(
        (body) => {
          try {
            settle(resolve)(toResponse(message, body));
          } catch (error) {
            settle(reject)(error);
          }
        },
        settle(reject),
      );
    });
    request.end(init.body);
  });
}

/**
 * fetch for URLs someone configured: the URL and every redirect target are checked (assertOutboundAllowed) and
 * connected to only at their checked addresses. Throws OutboundRefusedError for a refused one; other failures
 * (DNS, connection, timeout) reject as fetch's do.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}): Promise<Response> {
  let url = toUrl(input);
  let current = init;
  let redirectedBy: string | null = null;
  for (let redirects = 0; ; redirects++) {
    let addresses: LookupAddress[] | null;
    try {
      addresses = await assertOutboundAllowed(url);
    } catch (error) {
      if (redirectedBy && error instanceof OutboundRefusedError) throw new OutboundRefusedError(`${redirectedBy} redirected to ${url.host}. ${error.message}`);
      throw error;
    }
    const response = await send(url, current, addresses);
    const location = response.headers.get("location");
    if (init.redirect === "manual" || !REDIRECT_STATUSES.has(response.status) || !location) return response;
    if (redirects === MAX_REDIRECTS) throw new Error(`More than ${MAX_REDIRECTS} redirects, the last from ${url.host}.`);
    const next = new URL(location, url);
    current = redirected(current, response.status, url.origin !== next.origin);
    redirectedBy = url.host;
    url = next;
  }
}

/** What the next hop sends, as fetch does: 303 (and a POST answered 301/302) becomes a GET without body. */
function redirected(init: SafeFetchInit, status: number, crossOrigin: boolean): SafeFetchInit {
  const method = (init.method ?? "GET").toUpperCase();
  const toGet = status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST";
  const drop = (name: string) => (crossOrigin && CREDENTIAL_HEADERS.has(name)) || (toGet && (name === "content-type" || name === "content-length"));
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([name]) => !drop(name.toLowerCase())));
  return { ...init, headers, ...(toGet ? { method: "GET", body: undefined } : {}) };
}
