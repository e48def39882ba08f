import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/errors";
import { InviteMemberSchema } from "@/lib/members/schemas";
import { OrganizationUpdateSchema } from "@/lib/orgs/schemas";
import { TeamInputSchema, TeamPatchSchema } from "@/lib/teams/schemas";
import { NewApiTokenSchema } from "@/lib/tokens/schemas";
import { WorkflowInputSchema } from "@/lib/workflows/schemas";

describe("input schemas shared by forms and the API", () => {
  it("turns the form's empty strings into nulls for optional team fields", () => {
    expect(TeamInputSchema.parse({ name: " Support ", description: "", costCenter: "", parentId: "" })).toEqual({
      name: "Support",
      description: null,
      costCenter: null,
      parentId: null,
      managerIds: [],
    });
  });

  it("rejects unknown fields in a PATCH so typos do not pass silently", () => {
    expect(TeamPatchSchema.safeParse({ nmae: "x" }).success).toBe(false);
    expect(TeamPatchSchema.parse({ costCenter: "CC-1" })).toEqual({ costCenter: "CC-1" });
  });

  it("requires a workflow name and allows no team", () => {
    expect(fieldErrorsOf(WorkflowInputSchema.safeParse({ name: "" }).error!)).toEqual({ name: ["Enter a name."] });
    expect(WorkflowInputSchema.parse({ name: "Copilot", teamId: "" }).teamId).toBeNull();
  });

  it("accepts only the three roles for invitations", () => {
    expect(InviteMemberSchema.parse({ email: "New@Example.com", role: "FINANCE" })).toEqual({ email: "new@example.com", role: "FINANCE" });
    expect(InviteMemberSchema.safeParse({ email: "a@b.co", role: "OWNER" }).success).toBe(false);
  });

  it("validates token scopes and expiry", () => {
    expect(NewApiTokenSchema.parse({ name: "gw", scopes: ["teams:read", "teams:read"], expiresInDays: "30" })).toEqual({
      name: "gw",
      scopes: ["teams:read"],
      expiresInDays: 30,
    });
    expect(NewApiTokenSchema.parse({ name: "gw", scopes: ["all"] }).expiresInDays).toBeNull();
    expect(NewApiTokenSchema.safeParse({ name: "gw", scopes: ["root"] }).success).toBe(false);
    expect(NewApiTokenSchema.safeParse({ name: "gw", scopes: [] }).success).toBe(false);
    expect(NewApiTokenSchema.safeParse({ name: "gw", scopes: ["all"], expiresInDays: 0 }).success).toBe(false);
  });

  it("checks time zones and currencies against the runtime's lists", () => {
    expect(OrganizationUpdateSchema.parse({ name: "Acme", timeZone: "Europe/Berlin", currency: "eur" }).currency).toBe("EUR");
    const result = OrganizationUpdateSchema.safeParse({ name: "Acme", timeZone: "Mars/Base", currency: "XYZ1" });
    expect(Object.keys(fieldErrorsOf(result.error!)).sort()).toEqual(["currency", "timeZone"]);
  });
});
