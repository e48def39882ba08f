import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// The only place that reads process.env (STYLE.md). Launchers (scripts/*.ts) set DATABASE_URL and
// AUTH_SECRET before anything imports this file when they start the embedded database.

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "true" || value === "1"));

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
    /** Set by the launcher when it started the embedded database: the sign-in page then shows the demo accounts. */
    TOKENLEDGER_EMBEDDED_DB: flag(false),
    /**
     * Outbound requests (provider base URLs, webhooks, Slack, SMTP) may reach private, loopback and link-local
     * addresses. Off by default (server-side request forgery); tests and single-host installs turn it on.
     */
    TOKENLEDGER_ALLOW_PRIVATE_NETWORK: flag(false),
    /** Self-service sign-up (new user + new organization). Single-tenant installs turn it off. */
    TOKENLEDGER_SIGNUP: flag(true),
    /** Public base URL, used in invitation links when the request's own origin is not known (CLI). */
    TOKENLEDGER_PUBLIC_URL: z.url().optional(),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Single sign-on"),
    /** Where uploads wait to be imported (and the embedded database lives, for local runs). */
    TOKENLEDGER_DATA_DIR: z.string().min(1).default(".data"),
    /** Largest upload accepted, in bytes (default 1 GiB). */
    TOKENLEDGER_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
    /** 32 bytes (base64 or hex) that encrypt provider admin keys at rest (lib/crypto/secrets.ts). */
    TOKENLEDGER_ENCRYPTION_KEY: z.string().min(32).optional(),
    /**
     * Where background jobs (provider syncs) run: "inline" in the app process (a single node), or "worker" when
     * `npm run worker` processes run them and the app only queues.
     */
    TOKENLEDGER_JOBS: z.enum(["inline", "worker"]).default("inline"),
    /** Pushed usage (POST /api/v1/usage, OTLP): requests per minute per API token. */
    TOKENLEDGER_PUSH_RATE_PER_MINUTE: z.coerce.number().int().positive().default(120),
    /**
     * Dashboard answers (explorer, overview) cached in memory per organization until the next write to what they
     * read ("on"), or always computed ("off": the query benchmark measures both).
     */
    TOKENLEDGER_QUERY_CACHE: z.enum(["on", "off"]).default("on"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  },
  client: {},
  experimental__runtimeEnv: {},
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
  emptyStringAsUndefined: true,
});

/** Single sign-on is on only when all three OIDC variables are set. */
export const oidcEnabled = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
