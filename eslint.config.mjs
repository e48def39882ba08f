import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "lib/generated/**", "tools/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      // Only lib/env.ts may read the environment (STYLE.md): everything else imports `env`.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Import env from '@/lib/env' instead." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/env.ts", "instrumentation.ts", "scripts/**", "e2e/**", "*.config.ts", "*.config.mjs", "test/**"],
    rules: { "no-restricted-properties": "off" },
  },
]);
