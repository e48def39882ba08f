import { randomUUID } from "node:crypto";
import { type APIResponse, expect, test } from "@playwright/test";
import { DEMO_SERVER } from "../playwright.config";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { db } from "../lib/db";
import { TOKEN_FAILURES } from "../lib/auth/token-limits";
import { createOrganization, createToken, PASSWORD, signInViaApi } from "./fixtures";
import { OIDC_ISSUER } from "./oidc-settings";

// Security headers, session cookies, server actions from foreign origins, and the limit on bad API tokens, over
// real HTTP against the production build.

/** A documentation-range address of its own, so no other journey's failures (all from 127.0.0.1) count against it. */
const uniqueAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;

function expectCommonHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=()");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
}

test("pages and API answers carry the security headers; HSTS only when the request came over HTTPS", async ({ request }) => {
  const page = await request.get("/login");
  expect(page.status()).toBe(200);
  expectCommonHeaders(page);
  const policy = page.headers()["content-security-policy"]!;
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(policy).not.toContain("unsafe-eval");
  // The single sign-on provider is a form target: the button's POST is answered by a redirect to it.
  expect(policy).toContain(`form-action 'self' ${new URL(OIDC_ISSUER).origin};`);
  expect(page.headers()["strict-transport-security"]).toBeUndefined();

  const api = await request.get("/api/v1/me");
  expect(api.status()).toBe(401);
  expectCommonHeaders(api);
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(api.headers()["strict-transport-security"]).toBeUndefined();

  for (const path of ["/login", "/api/v1/me"]) {
    const overHttps = await request.get(path, { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers()["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
  }

  // Without single sign-on configured, forms may only post to the app itself.
  const demo = await request.get(`${DEMO_SERVER}/login`);
  expect(demo.headers()["content-security-policy"]).toContain("form-action 'self';");
});

test("the session cookie is HttpOnly and SameSite=Lax, and Secure only behind HTTPS", async ({ request, baseURL }) => {
  const { admin } = await createOrganization();
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedIn = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: admin.email, password: PASSWORD, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(302);
  const session = signedIn.headersArray().find((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith("authjs.session-token="));
  expect(session?.value).toMatch(/; HttpOnly/i);
  expect(session?.value).toMatch(/; SameSite=Lax/i);
  expect(session?.value).not.toMatch(/; Secure/i);

  // Behind a TLS proxy (X-Forwarded-Proto: https) the same sign-in gets Secure, __Secure-prefixed cookies. Plain
  // fetch, so no cookie jar second-guesses Secure cookies over http.
  const proxied = { "X-Forwarded-Proto": "https" };
  const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers: proxied });
  const csrfCookie = csrf.headers.getSetCookie().find((line) => line.startsWith("__Host-authjs.csrf-token="));
  expect(csrfCookie).toMatch(/; Secure/i);
  const { csrfToken: secureToken } = (await csrf.json()) as { csrfToken: string };
  const secure = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...proxied, "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie!.split(";")[0]! },
    body: new URLSearchParams({ csrfToken: secureToken, email: admin.email, password: PASSWORD, callbackUrl: "/" }),
  });
  expect(secure.status).toBe(302);
  const secureSession = secure.headers.getSetCookie().find((line) => line.startsWith("__Secure-authjs.session-token="));
  expect(secureSession).toMatch(/; HttpOnly/i);
  expect(secureSession).toMatch(/; SameSite=Lax/i);
  expect(secureSession).toMatch(/; Secure/i);
});

test("a server action posted from a foreign origin is refused and changes nothing", async ({ page }) => {
  const { organization, admin } = await createOrganization();
  await signInViaApi(page.request, admin.email);
  await page.goto(`/${organization.slug}/settings/tokens`);
  await page.getByLabel("Token name").fill("from the page");
  await page.getByRole("checkbox", { name: /^all/ }).check();
  const [action] = await Promise.all([
    page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined),
    page.getByRole("button", { name: "Create token" }).click(),
  ]);
  await expect(page.getByTestId("secret-value")).toBeVisible();
  const tokens = () => db.apiToken.count({ where: { orgId: organization.id } });
  expect(await tokens()).toBe(1);

  // The same call, with the member's cookies, replayed as a page on another site would send it.
  const replay = (origin: string) =>
    page.request.post(action.url(), {
      headers: {
        ...Object.fromEntries(Object.entries(action.headers()).filter(([name]) => name.startsWith("next-") || name === "content-type" || name === "accept")),
        Origin: origin,
      },
      data: action.postData() ?? "",
      maxRedirects: 0,
    });
  const foreign = await replay("https://evil.example");
  expect(foreign.status()).toBe(500);
  expect(await tokens()).toBe(1);

  // Control: from the app's own origin the very same request goes through, so the origin alone was refused.
  const own = await replay(new URL(page.url()).origin);
  expect(own.status()).toBe(200);
  expect(await tokens()).toBe(2);
});

test("too many bad API tokens from one address get 429 with Retry-After; valid tokens still work", async ({ request }) => {
  const { organization, admin } = await createOrganization();
  const valid = await createToken(organization.id, admin.id, ["all"]);
  const address = uniqueAddress();
  const from = (forwardedFor: string, secret: string) => ({ "X-Forwarded-For": forwardedFor, Authorization: `Bearer ${secret}` });

  for (let attempt = 1; attempt <= TOKEN_FAILURES.points; attempt++) {
    const response = await request.get("/api/v1/me", { headers: from(address, `tl_guess-${attempt}`) });
    expect(response.status(), `attempt ${attempt}`).toBe(401);
  }
  const blocked = await request.get("/api/v1/me", { headers: from(address, "tl_one-guess-too-many") });
  expect(blocked.status()).toBe(429);
  const retryAfter = Number(blocked.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(TOKEN_FAILURES.blockSeconds - 60);
  expect(retryAfter).toBeLessThanOrEqual(TOKEN_FAILURES.blockSeconds);
  expect(await blocked.json()).toEqual({
    error: {
      code: "rate_limited",
      message: "Too many requests with API tokens that are not valid from your network. Try again in 10 minutes.",
      details: { retryAfterSeconds: retryAfter },
    },
  });

  // Only failures count: a valid token from the same address is answered as usual, and other addresses are not blocked.
  expect((await request.get("/api/v1/me", { headers: from(address, valid.secret) })).status()).toBe(200);
  expect((await request.get("/api/v1/me", { headers: from(uniqueAddress(), "tl_guess-elsewhere") })).status()).toBe(401);
});

test("the overview renders under the policy without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("reportViolation", (text: string) => violations.push(`event: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await signInViaApi(page.request, "finance@acme.test", DEMO_PASSWORD);
  const response = await page.goto("/acme");
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
  await expect(page.getByTestId("current-org")).toHaveText("Acme Corp");
  // Charts draw only after hydration, so the page's scripts have all run by now.
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  expect(violations).toEqual([]);
});
