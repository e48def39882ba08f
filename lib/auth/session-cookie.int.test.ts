import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { handlers } from "@/lib/auth";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

// Auth.js makes its cookies Secure, with the __Secure-/__Host- prefixes, when the request URL is https. Behind a
// TLS proxy Next builds that URL from X-Forwarded-Proto; on http://localhost it stays http, so local runs keep
// plain cookies a browser will send back.

const PASSWORD = "cookie test password";

function cookieNamed(response: Response, name: string): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
  if (!cookie) throw new Error(`no ${name} cookie in ${response.headers.getSetCookie().join(" | ")}`);
  return cookie;
}

/** Signs in through Auth.js's own endpoints at `origin` and returns the session cookie's Set-Cookie line. */
async function signIn(origin: string, secure: boolean): Promise<string> {
  const email = `${randomUUID()}@example.test`;
  await db.user.create({ data: { email, name: "Cookie", passwordHash: await hashPassword(PASSWORD) } });
  const address = `2001:db8::${randomUUID().slice(0, 4)}`;
  const csrfResponse = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`));
  const csrfCookie = cookieNamed(csrfResponse, secure ? "__Host-authjs.csrf-token" : "authjs.csrf-token").split(";")[0]!;
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await handlers.POST(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, "x-forwarded-for": address },
      body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: "/" }),
    }),
  );
  expect(response.status).toBe(302);
  return cookieNamed(response, secure ? "__Secure-authjs.session-token" : "authjs.session-token");
}

describe("the session cookie", () => {
  it("is HttpOnly and SameSite=Lax, and not Secure on http://localhost", async () => {
    const cookie = await signIn("http://localhost:3000", false);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("is Secure and __Secure- prefixed over HTTPS", async () => {
    const cookie = await signIn("https://tokenledger.example", true);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Secure/i);
  });
});
