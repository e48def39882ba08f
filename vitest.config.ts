import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure logic, no database) and `int` (the data layer against a real Postgres `_test`
// database, prepared by test/global-setup.ts). `npm test` (scripts/test.ts) runs both, then Playwright.
const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws outside React's server environment; in tests the data layer runs in plain Node.
  "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
};

const env = {
  NODE_ENV: "test" as const,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "test-secret-test-secret-test-secret-0123456789",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tokenledger_test",
  // A fixed key for tests only (32 bytes of 0x01…0x20, base64): provider keys in test databases are fake anyway.
  TOKENLEDGER_ENCRYPTION_KEY: process.env.TOKENLEDGER_ENCRYPTION_KEY ?? Buffer.from(Array.from({ length: 32 }, (_, index) => index + 1)).toString("base64"),
  // Receivers and fake providers listen on loopback; lib/net/outbound.int.test.ts turns the check back on.
  TOKENLEDGER_ALLOW_PRIVATE_NETWORK: "true",
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["{app,components,lib,scripts,test}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "**/node_modules/**"],
          env,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "int",
          environment: "node",
          include: ["{app,components,lib,scripts,test}/**/*.int.test.{ts,tsx}"],
          globalSetup: ["test/global-setup.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; let Vite resolve it.
          server: { deps: { inline: ["next-auth", "@auth/core"] } },
          env,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
