import { isIP } from "node:net";
import { createTransport } from "nodemailer";
import { env } from "@/lib/env";
import { withoutSecrets } from "@/lib/crypto/secrets";
import { assertSmtpAllowed, safeFetch } from "@/lib/net/outbound";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from "@/lib/notifications/signature";

// One sender per channel kind. Not marked server-only: the job worker (plain Node) delivers too. Each returns
// what the receiver said instead of throwing, so every attempt can be logged with its answer. Receivers are URLs an
// admin typed, so every send goes through lib/net/outbound.ts (no private, loopback or link-local addresses).

export { signPayload, verifySignature } from "@/lib/notifications/signature";

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_CHARS = 2000;

export type SendResult = { ok: boolean; responseStatus: number | null; response: string | null; durationMs: number };

/** An alert as receivers see it: figures are decimal strings, the link is absolute. */
export type AlertPayload = {
  id: string | null;
  kind: string;
  severity: string;
  title: string;
  message: string;
  figures: Record<string, string>;
  link: string;
  budget: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  workflow: { id: string; name: string } | null;
  provider: string | null;
  model: string | null;
  threshold: number | null;
  period: { from: string; to: string } | null;
  day: string | null;
  createdAt: string;
};

/** The webhook body, and what the email and Slack messages are made of. */
export type NotificationMessage = {
  /** The delivery's id (also in X-TokenLedger-Delivery): the same on every retry, so receivers can deduplicate. */
  id: string;
  type: "alert.fired" | "test";
  createdAt: string;
  organization: { slug: string; name: string };
  alert: AlertPayload;
};

export type ChannelTarget =
  | { kind: "email"; smtpUrl: string; from: string; to: string[] }
  | { kind: "slack"; webhookUrl: string }
  | { kind: "webhook"; url: string; secret: string };

/** The app's public base URL, for links in messages sent outside any request. */
export function publicBaseUrl(): string {
  return (env.TOKENLEDGER_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

/** An alert's link (relative to /<org slug>) made absolute; without one, the organization's alerts page. */
export function absoluteLink(orgSlug: string, link: string | null): string {
  return `${publicBaseUrl()}/${orgSlug}${link ?? "/alerts"}`;
}

const MONEY_FIGURES = new Set(["actual", "amount", "forecast", "baseline", "spend", "cost", "expected", "previous"]);
const FIGURE_LABELS: Record<string, string> = { actual: "Actual", amount: "Budget", percent: "Percent", forecast: "Forecast", baseline: "Baseline", threshold: "Threshold" };

/** The figures as labelled lines: money with its currency, percentages with %. The currency itself is no line. */
export function figureLines(figures: Record<string, string>): { label: string; value: string }[] {
  const currency = figures.currency ? ` ${figures.currency}` : "";
  return Object.entries(figures)
    .filter(([key]) => key !== "currency")
    .map(([key, value]) => ({
      label: FIGURE_LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/([A-Z])/g, " $1").toLowerCase(),
      value: MONEY_FIGURES.has(key) ? `${value}${currency}` : key === "percent" || key === "threshold" ? `${value}%` : value,
    }));
}

const clip = (text: string) => (text.length > MAX_RESPONSE_CHARS ? `${text.slice(0, MAX_RESPONSE_CHARS - 1)}…` : text);
const elapsed = (started: number) => Math.round(performance.now() - started);

/** `secrets`: what the receiver must not have echoed into the delivery log (the Slack URL's path, a signing secret). */
async function post(url: string, body: string, headers: Record<string, string>, secrets: string[]): Promise<SendResult> {
  const started = performance.now();
  try {
    // No redirects: a receiver's answer is what counts, and a webhook must not be bounced somewhere else.
    const response = await safeFetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text().catch((error: Error) => `(could not read the answer: ${error.message})`);
    return { ok: response.status >= 200 && response.status < 300, responseStatus: response.status, response: clip(withoutSecrets(text, secrets)), durationMs: elapsed(started) };
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `No answer within ${TIMEOUT_MS / 1000} s.` : describeFetchError(error);
    return failed(started, reason);
  }
}

const failed = (started: number, reason: string): SendResult => ({ ok: false, responseStatus: null, response: clip(reason), durationMs: elapsed(started) });

/** fetch says "fetch failed"; the reason (ECONNREFUSED, a certificate, DNS) is in its cause. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = (error as Error).message;
  return cause ? `${message}: ${cause.code ?? ""} ${cause.message ?? ""}`.trim() : message;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export async function sendEmail(target: Extract<ChannelTarget, { kind: "email" }>, message: NotificationMessage): Promise<SendResult> {
  const started = performance.now();
  const { alert } = message;
  const lines = figureLines(alert.figures);
  const text = [alert.title, "", alert.message, "", ...lines.map((line) => `${line.label}: ${line.value}`), "", `Open in TokenLedger: ${alert.link}`, "", `— TokenLedger, ${message.organization.name}`].join("\n");
  const html = `<h2>${escapeHtml(alert.title)}</h2><p>${escapeHtml(alert.message)}</p>${
    lines.length > 0 ? `<table>${lines.map((line) => `<tr><th align="left">${escapeHtml(line.label)}</th><td>${escapeHtml(line.value)}</td></tr>`).join("")}</table>` : ""
  }<p><a href="${escapeHtml(alert.link)}">Open in TokenLedger</a></p><p style="color:#64748b">TokenLedger, ${escapeHtml(message.organization.name)}</p>`;
  // The URL's own query may set other options; the timeouts are ours unless it says otherwise.
  const url = new URL(target.smtpUrl);
  for (const option of ["connectionTimeout", "greetingTimeout", "socketTimeout"]) if (!url.searchParams.has(option)) url.searchParams.set(option, String(TIMEOUT_MS));
  try {
    const checked = await assertSmtpAllowed(url);
    if (checked) pinSmtpHost(url, checked[0]!);
  } catch (error) {
    return failed(started, (error as Error).message);
  }
  const transport = createTransport(url.toString());
  try {
    const info = await transport.sendMail({ from: target.from, to: target.to, subject: alert.title, text, html, headers: { [DELIVERY_HEADER]: message.id } });
    return { ok: true, responseStatus: smtpCode(info.response), response: clip(String(info.response ?? "")), durationMs: elapsed(started) };
  } catch (error) {
    const failure = error as { responseCode?: number; response?: string; message: string };
    const password = decodeURIComponent(new URL(target.smtpUrl).password);
    return { ok: false, responseStatus: failure.responseCode ?? null, response: clip(withoutSecrets(failure.response ?? failure.message, [password])), durationMs: elapsed(started) };
  } finally {
    transport.close();
  }
}

/**
 * nodemailer would resolve the host again by itself; handed the checked address instead, it cannot be led elsewhere
 * by a DNS answer that changes in between. The name stays the TLS servername (SNI and the certificate check).
 */
function pinSmtpHost(url: URL, checked: { address: string; family: number }): void {
  const host = url.hostname;
  url.hostname = checked.family === 6 ? `[${checked.address}]` : checked.address;
  if (!isIP(host.replace(/^\[(.*)\]$/, "$1"))) url.searchParams.set("servername", host);
}

const smtpCode = (reply: unknown) => {
  const code = /^(\d{3})/.exec(String(reply ?? ""))?.[1];
  return code ? Number(code) : null;
};

/** Slack Block Kit: the title, the message, the figures as fields, and a button to the cause in the app. */
export function slackBlocks(message: NotificationMessage) {
  const { alert } = message;
  const fields = figureLines(alert.figures)
    .slice(0, 10)
    .map((line) => ({ type: "mrkdwn", text: `*${line.label}*\n${line.value}` }));
  return {
    text: `${alert.title}: ${alert.message}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: alert.title.slice(0, 150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: alert.message.slice(0, 3000) } },
      ...(fields.length > 0 ? [{ type: "section", fields }] : []),
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `${alert.severity} · ${alert.kind.replace(/_/g, " ")} · ${message.organization.name}` }],
      },
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: "Open in TokenLedger" }, url: alert.link, action_id: "open" }],
      },
    ],
  };
}

export async function sendSlack(target: Extract<ChannelTarget, { kind: "slack" }>, message: NotificationMessage): Promise<SendResult> {
  return post(target.webhookUrl, JSON.stringify(slackBlocks(message)), { "Content-Type": "application/json" }, [new URL(target.webhookUrl).pathname]);
}

/** Signed at the real moment of sending (never a caller's clock), so a receiver's replay window works. */
export async function sendWebhook(target: Extract<ChannelTarget, { kind: "webhook" }>, message: NotificationMessage): Promise<SendResult> {
  const body = JSON.stringify(message);
  return post(target.url, body, {
    "Content-Type": "application/json",
    "User-Agent": "TokenLedger-Webhooks/1",
    [SIGNATURE_HEADER]: signPayload(body, target.secret),
    [DELIVERY_HEADER]: message.id,
  }, [target.secret]);
}

export async function sendToChannel(target: ChannelTarget, message: NotificationMessage): Promise<SendResult> {
  switch (target.kind) {
    case "email":
      return sendEmail(target, message);
    case "slack":
      return sendSlack(target, message);
    case "webhook":
      return sendWebhook(target, message);
  }
}
