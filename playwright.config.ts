import { defineConfig } from "@playwright/test";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER } from "./e2e/oidc-settings";

// End-to-end journeys in Debian's Chromium (never a downloaded browser) against the production build.
// `npm test` (scripts/test.ts) builds the app and provides DATABASE_URL / AUTH_SECRET; two servers run:
// the main one (with single sign-on through a real OIDC provider on loopback), and one configured as the
// embedded demo with self-service sign-up turned off.

const PORT = 3123;
const DEMO_PORT = 3124;
const next = "node node_modules/next/dist/bin/next start -H 127.0.0.1";
const serverEnv = {
  DATABASE_URL: process.env.DATABASE_URL ?? "",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "",
  TOKENLEDGER_ENCRYPTION_KEY: process.env.TOKENLEDGER_ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString("base64"),
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  // The journeys' webhook receivers listen on loopback.
  TOKENLEDGER_ALLOW_PRIVATE_NETWORK: "true",
};

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: process.env.TOKENLEDGER_REPORTS ? [["list"], ["json", { outputFile: ".reports/playwright.json" }]] : [["list"]],
  use: {
    // Auth.js sees `localhost` whatever the Host header says; browse it, not 127.0.0.1 (toolchain gotcha 5).
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: [
    {
      command: "node node_modules/tsx/dist/cli.mjs e2e/oidc-provider.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `${next} -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/login`,
      // The servers' logs join the test run's log, which scripts/test.ts searches for leaked test secrets.
      stdout: "pipe",
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        ...serverEnv,
        TOKENLEDGER_EMBEDDED_DB: "false",
        TOKENLEDGER_SIGNUP: "true",
        OIDC_ISSUER,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_NAME: "Example SSO",
      },
    },
    {
      command: `${next} -p ${DEMO_PORT}`,
      url: `http://127.0.0.1:${DEMO_PORT}/login`,
      stdout: "pipe",
      reuseExistingServer: false,
      timeout: 60_000,
      // Also a small upload limit, so the 413 can be tested without sending a gigabyte.
      env: { ...serverEnv, TOKENLEDGER_EMBEDDED_DB: "true", TOKENLEDGER_SIGNUP: "false", TOKENLEDGER_MAX_UPLOAD_BYTES: String(1024 * 1024) },
    },
  ],
});

export const DEMO_SERVER = `http://localhost:${DEMO_PORT}`;
