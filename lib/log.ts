import pino from "pino";
import { env } from "@/lib/env";

// Structured logs on stdout. Secrets never reach them: the redact list is the backstop, not the plan.
export const logger = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: { service: "tokenledger" },
  redact: {
    paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "headers.cookie"],
    censor: "[redacted]",
  },
});
