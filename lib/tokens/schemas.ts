import { z } from "zod";
import { TOKEN_SCOPE_NAMES } from "@/lib/permissions";

export const TOKEN_PREFIX = "tl_";

export const TokenScopeSchema = z.enum(["all", ...TOKEN_SCOPE_NAMES] as [string, ...string[]], {
  error: `Scopes are "all" or any of: ${TOKEN_SCOPE_NAMES.join(", ")}.`,
});

export const NewApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token after what uses it.").max(100, "Use at most 100 characters."),
  scopes: z.array(TokenScopeSchema).min(1, "Pick at least one scope.").transform((scopes) => [...new Set(scopes)]),
  /** Days until it expires; null or absent: never. */
  expiresInDays: z.coerce
    .number()
    .int("Use whole days.")
    .min(1, "At least 1 day.")
    .max(3650, "At most 3650 days.")
    .nullish()
    .transform((value) => value ?? null),
});
export type NewApiToken = z.input<typeof NewApiTokenSchema>;

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  owner: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiTokenView = z.infer<typeof ApiTokenSchema>;
