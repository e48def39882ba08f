import { randomUUID } from "node:crypto";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnection, updateConnection } from "@/lib/connections/mutations";
import { providerClient } from "@/lib/connections/providers";
import { encryptSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertOutboundAllowed, OutboundRefusedError, safeFetch, setPrivateNetworkAllowed } from "@/lib/net/outbound";
import { createChannel, listDeliveries, testChannel, updateChannel } from "@/lib/notifications/channels";
import { createOrgWithPeople } from "@/test/factories";

// The server-side request forgery guard with the flag off (vitest.config.ts turns it on for every other suite).
// Receivers listen on 127.0.0.1, which must be refused. A "public" server is played by one on 127.0.0.2, which the
// policy is told to accept, behind names that a stand-in for public DNS resolves: the system resolver knows none of
// them, so a request that reaches that server proves the connection went to the checked address.

const publicDns = vi.hoisted(() => new Map<string, string>());
vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = (async (host: string, options: object) => {
    const address = publicDns.get(host);
    return address ? [{ address, family: 4 }] : actual.lookup(host, options);
  }) as typeof actual.lookup;
  return { ...actual, lookup, default: { ...actual, lookup } };
});

const STAND_IN_PUBLIC = "127.0.0.2";
const publicOnly = () => setPrivateNetworkAllowed((address) => address === STAND_IN_PUBLIC);

type Received = { path: string; headers: IncomingHttpHeaders };
/** What reached each server: nothing may reach the loopback ones while the check is on. */
const seen = { loopback: [] as Received[], public: [] as Received[], smtpTrap: 0, mails: 0 };
const ports = { loopback: 0, public: 0, smtpTrap: 0, smtp: 0 };
const closers: (() => Promise<unknown>)[] = [];
const loopbackBase = () => `http://127.0.0.1:${ports.loopback}`;

async function listen(server: Server | TcpServer | SMTPServer, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve(null))));
  return ((server instanceof SMTPServer ? server.server : server).address() as AddressInfo).port;
}

beforeAll(async () => {
  ports.loopback = await listen(
    createServer((request, response) => {
      seen.loopback.push({ path: request.url ?? "/", headers: request.headers });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    }),
    "127.0.0.1",
  );
  // Answers 302 to ?to=…, else 200.
  ports.public = await listen(
    createServer((request, response) => {
      seen.public.push({ path: request.url ?? "/", headers: request.headers });
      const target = new URL(request.url ?? "/", "http://x").searchParams.get("to");
      if (target) response.writeHead(302, { location: target }).end();
      else response.writeHead(200, { "content-type": "text/plain" }).end("public ok");
    }),
    STAND_IN_PUBLIC,
  );
  ports.smtpTrap = await listen(
    createTcpServer((socket) => {
      seen.smtpTrap++;
      socket.end("220 trap ESMTP\r\n");
    }),
    "127.0.0.1",
  );
  const smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.resume().once("end", () => {
        seen.mails++;
        callback();
      });
    },
  });
  ports.smtp = await listen(smtp, STAND_IN_PUBLIC);
});

afterEach(() => {
  setPrivateNetworkAllowed(undefined);
  publicDns.clear();
});

afterAll(() => Promise.all(closers.map((close) => close())));

const REFUSAL = /outbound requests may not reach private, loopback or link-local addresses \(set TOKENLEDGER_ALLOW_PRIVATE_NETWORK=true on single-host installs\)\.$/;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error("expected a rejection");
  return error;
}

describe("webhook and Slack sends", () => {
  it("refuses a loopback receiver at send and on save, and reaches it only with the flag on", async () => {
    const { actors } = await createOrgWithPeople();
    const path = `/hook/${randomUUID()}`;
    // Saved while the flag was on (a single-host install that later turned it off).
    const { channel } = await createChannel(actors.admin, { kind: "webhook", name: "Loopback hook", url: `${loopbackBase()}${path}`, secret: "whsec-0123456789abcdef-test" });

    setPrivateNetworkAllowed(false);
    const refused = await testChannel(actors.admin, channel.id);
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.response).toMatch(/^Refused to connect to 127\.0\.0\.1 \(loopback\): /);
    expect(refused.response).toMatch(REFUSAL);
    expect(seen.loopback.filter((request) => request.path === path)).toHaveLength(0);
    // The refusal is in the delivery log, like any receiver's answer.
    expect((await listDeliveries(actors.admin, { channelId: channel.id }))[0]).toMatchObject({ status: "failed", attemptLog: [{ ok: false, response: refused.response }] });

    // On save, the admin learns at once, on the field.
    const onSave = await rejection(createChannel(actors.admin, { kind: "webhook", name: "Metadata", url: "https://169.254.169.254/latest" }));
    expect(onSave).toMatchObject({
      code: "validation_failed",
      details: { fieldErrors: { url: [expect.stringMatching(/^Refused to connect to 169\.254\.169\.254 \(cloud metadata service\): /)] } },
    });
    const plainHttp = await rejection(updateChannel(actors.admin, channel.id, { url: `${loopbackBase()}/other` }));
    expect(plainHttp).toMatchObject({ code: "validation_failed", details: { fieldErrors: { url: [expect.stringContaining("Use an https:// URL")] } } });
    const slack = await rejection(createChannel(actors.admin, { kind: "slack", name: "Local Slack", webhookUrl: `https://localhost:${ports.loopback}/services/T0/B0/x` }));
    expect(slack).toMatchObject({ details: { fieldErrors: { webhookUrl: [expect.stringMatching(/^Refused to connect to (127\.0\.0\.1|::1) \(loopback\) for localhost: /)] } } });

    setPrivateNetworkAllowed(true);
    expect(await testChannel(actors.admin, channel.id)).toMatchObject({ ok: true, status: 200, response: "ok" });
    expect(seen.loopback.filter((request) => request.path === path)).toHaveLength(1);
  });

  it("refuses localhost after resolving it", async () => {
    setPrivateNetworkAllowed(false);
    const error = await rejection(safeFetch(`http://localhost:${ports.loopback}/by-name`));
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect(error.message).toMatch(/^Refused to connect to (127\.0\.0\.1|::1) \(loopback\) for localhost: /);
    expect(seen.loopback.filter((request) => request.path === "/by-name")).toHaveLength(0);
    await expect(assertOutboundAllowed("http://[::ffff:127.0.0.1]/")).rejects.toThrow(/\(loopback\)/);
    await expect(assertOutboundAllowed("file:///etc/passwd")).rejects.toThrow("Only http:// and https:// URLs can be called, not file://.");
  });

  it("connects a public name to the address it was checked at, and refuses a redirect to loopback", async () => {
    publicOnly();
    publicDns.set("hooks.example.com", STAND_IN_PUBLIC);
    const ok = await safeFetch(`http://hooks.example.com:${ports.public}/fine`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("public ok");
    expect(seen.public.at(-1)).toMatchObject({ path: "/fine", headers: { host: `hooks.example.com:${ports.public}` } });

    const to = encodeURIComponent(`${loopbackBase()}/landing`);
    const error = await rejection(safeFetch(`http://hooks.example.com:${ports.public}/bounce?to=${to}`, { headers: { authorization: "Bearer secret" } }));
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect(error.message).toMatch(new RegExp(`^hooks\\.example\\.com:${ports.public} redirected to 127\\.0\\.0\\.1:${ports.loopback}\\. Refused to connect to 127\\.0\\.0\\.1 \\(loopback\\)`));
    expect(seen.public.at(-1)!.path).toMatch(/^\/bounce/);
    expect(seen.loopback.filter((request) => request.path === "/landing")).toHaveLength(0);

    // A name that redirects to another name resolving to loopback: refused after resolution, at the redirect.
    publicDns.set("internal.example.com", "127.0.0.1");
    const viaName = await rejection(safeFetch(`http://hooks.example.com:${ports.public}/bounce?to=${encodeURIComponent(`http://internal.example.com:${ports.loopback}/landing`)}`));
    expect(viaName.message).toContain("Refused to connect to 127.0.0.1 (loopback) for internal.example.com");
    expect(seen.loopback.filter((request) => request.path === "/landing")).toHaveLength(0);

    // A webhook send never follows a redirect: the receiver's 302 is its answer.
    const { actors } = await createOrgWithPeople();
    const { channel } = await createChannel(actors.admin, { kind: "webhook", name: "Bouncer", url: `https://hooks.example.com:${ports.public}/bounce?to=${to}` });
    await db.notificationChannel.update({ where: { id: channel.id }, data: { config: { url: `http://hooks.example.com:${ports.public}/bounce?to=${to}` } } });
    expect(await testChannel(actors.admin, channel.id)).toMatchObject({ ok: false, status: 302 });
    expect(seen.loopback.filter((request) => request.path === "/landing")).toHaveLength(0);
  });
});

describe("SMTP", () => {
  it("refuses a loopback SMTP server before connecting, and sends through a checked, pinned address", async () => {
    const { actors } = await createOrgWithPeople();
    const email = (name: string, smtpUrl: string) => ({ kind: "email", name, smtpUrl, from: "alerts@example.test", to: ["finops@example.test"] }) as const;
    const { channel: local } = await createChannel(actors.admin, email("Local SMTP", `smtp://127.0.0.1:${ports.smtpTrap}`));

    publicOnly();
    const refused = await testChannel(actors.admin, local.id);
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.response).toMatch(/^Refused to connect to 127\.0\.0\.1 \(loopback\): /);
    expect(seen.smtpTrap).toBe(0);
    const onSave = await rejection(createChannel(actors.admin, email("Proxied", `smtp://mail.example.com:25?proxy=${encodeURIComponent(loopbackBase())}`)));
    expect(onSave).toMatchObject({ details: { fieldErrors: { smtpUrl: [expect.stringContaining("An SMTP proxy (?proxy=) is allowed only when")] } } });

    // mail.example.com is known only to the stand-in DNS: the mail arriving proves nodemailer did not resolve it again.
    publicDns.set("mail.example.com", STAND_IN_PUBLIC);
    const { channel: remote } = await createChannel(actors.admin, email("Remote SMTP", `smtp://mail.example.com:${ports.smtp}`));
    expect(await testChannel(actors.admin, remote.id)).toMatchObject({ ok: true, status: 250 });
    expect(seen.mails).toBe(1);
  });
});

describe("provider connections", () => {
  const policy = { timeoutMs: 2_000, maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 };

  it("refuses a base URL on the cloud metadata address on save, and every request to it, without retrying", async () => {
    setPrivateNetworkAllowed(false);
    const { org, actors } = await createOrgWithPeople();
    const metadata = "http://169.254.169.254/v1";
    const created = await rejection(createConnection(actors.admin, { provider: "openai", name: "Metadata", adminKey: "sk-admin-0123456789", baseUrl: metadata }));
    expect(created).toBeInstanceOf(AppError);
    expect(created).toMatchObject({
      code: "validation_failed",
      details: { fieldErrors: { baseUrl: [expect.stringMatching(/^Refused to connect to 169\.254\.169\.254 \(cloud metadata service\): /)] } },
    });
    expect(await db.providerConnection.count({ where: { orgId: org.id } })).toBe(0);

    const connection = await db.providerConnection.create({
      data: { orgId: org.id, provider: "anthropic", name: "Saved earlier", keyCiphertext: encryptSecret("sk-ant-admin-0123456789"), keyHint: "sk-…789", backfillFrom: new Date("2026-01-01") },
    });
    const updated = await rejection(updateConnection(actors.admin, connection.id, { baseUrl: "http://[::ffff:169.254.169.254]/" }));
    expect(updated).toMatchObject({ code: "validation_failed", details: { fieldErrors: { baseUrl: [expect.stringContaining("(cloud metadata service)")] } } });

    const stats = { requests: 0, retries: 0 };
    const check = await rejection(providerClient("openai", { baseUrl: metadata, key: "sk-admin-0123456789", policy, stats }).check());
    expect(check).toMatchObject({ name: "ProviderRequestError", message: expect.stringMatching(/^Refused to connect to 169\.254\.169\.254 \(cloud metadata service\): /) });
    expect(stats).toEqual({ requests: 1, retries: 0 });
  });
});
