import { NextResponse } from "next/server";
import { env, oidcEnabled } from "@/lib/env";

// The pages' Content-Security-Policy, set per request rather than in next.config.ts (fixed at build time) because
// it depends on the runtime env:
// - form-action lists the single sign-on provider. Before hydration (or without JavaScript) the sign-in button is a
//   plain form POST answered by a redirect to the provider, and Chrome checks form-action on every redirect of a
//   form submission.
// - `next dev` needs 'unsafe-eval' (React rebuilds server error stacks with eval); production never does.
// Scripts keep 'unsafe-inline' for Next's inline bootstrap; nonces would force every page to render dynamically.
// Other headers are static, in next.config.ts.

const formTargets = ["'self'", ...(oidcEnabled && env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : [])];

const PAGE_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${env.NODE_ENV === "production" ? "" : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  `form-action ${formTargets.join(" ")}`,
  "object-src 'none'",
].join("; ");

export function proxy(): NextResponse {
  const response = NextResponse.next();
  response.headers.set("Content-Security-Policy", PAGE_POLICY);
  return response;
}

export const config = {
  matcher: [
    {
      // Not /api (its static policy is in next.config.ts), not build assets. Server action calls (Next-Action) and
      // prefetches are not documents, and skipping them keeps the proxy from buffering request bodies.
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-action" },
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
