import { z } from "zod";

// Shared by the sign-in / sign-up / invitation forms and their server actions. Safe to import from the client.

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254, "Email addresses have at most 254 characters."));

export const PasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});
export type SignInInput = z.infer<typeof SignInSchema>;

/** Slugs live at the root of the URL (/acme/...), so they may not shadow the app's own top-level routes. */
export const RESERVED_SLUGS = new Set([
  "api", "login", "logout", "signup", "sign-up", "invite", "onboarding", "settings", "admin", "app", "static",
  "public", "assets", "_next", "favicon.ico", "robots.txt", "forbidden", "new", "account", "auth",
]);

export const OrgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens.")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "This address is reserved; pick another.");

export const OrgNameSchema = z.string().trim().min(2, "Use at least 2 characters.").max(100, "Use at most 100 characters.");

export const PersonNameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export const SignUpSchema = z.object({
  name: PersonNameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  organizationName: OrgNameSchema,
  organizationSlug: OrgSlugSchema,
});
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const AcceptInvitationSchema = z.object({
  name: PersonNameSchema,
  password: PasswordSchema,
});
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationSchema>;

/** "Acme Corp." → "acme-corp": a suggestion the sign-up form fills in. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
}
