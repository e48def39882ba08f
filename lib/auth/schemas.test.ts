import { describe, expect, it } from "vitest";
import { EmailSchema, OrgSlugSchema, SignInSchema, SignUpSchema, slugify } from "@/lib/auth/schemas";
import { fieldErrorsOf } from "@/lib/errors";

describe("auth schemas", () => {
  it("normalizes emails to lower case and trims them", () => {
    expect(EmailSchema.parse("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(EmailSchema.safeParse("not-an-email").success).toBe(false);
  });

  it("accepts a valid sign-up and names every bad field otherwise", () => {
    expect(
      SignUpSchema.safeParse({ name: "Ada", email: "ada@example.com", password: "long enough pw", organizationName: "Acme", organizationSlug: "acme-2" }).success,
    ).toBe(true);
    const result = SignUpSchema.safeParse({ name: "", email: "x", password: "short", organizationName: "A", organizationSlug: "Bad Slug!" });
    expect(result.success).toBe(false);
    const fields = fieldErrorsOf(result.error!);
    expect(Object.keys(fields).sort()).toEqual(["email", "name", "organizationName", "organizationSlug", "password"]);
    expect(fields.password).toEqual(["Use at least 10 characters."]);
  });

  it("refuses slugs that would shadow the app's routes", () => {
    for (const slug of ["login", "api", "signup", "invite", "onboarding"]) {
      expect(OrgSlugSchema.safeParse(slug).success, slug).toBe(false);
    }
    expect(OrgSlugSchema.parse("Acme")).toBe("acme");
    expect(OrgSlugSchema.safeParse("a--b").success).toBe(false);
  });

  it("requires a password on sign-in", () => {
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
  });

  it("suggests slugs from names", () => {
    expect(slugify("Acme Corp.")).toBe("acme-corp");
    expect(slugify("  Café & Co  ")).toBe("cafe-co");
    expect(slugify("x".repeat(60))).toHaveLength(48);
  });
});
