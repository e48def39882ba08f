import { describe, expect, it } from "vitest";
import {
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  SETTINGS_PAGES,
  TOKEN_SCOPES,
  grantOf,
  permissionsOfScopes,
  roleCan,
} from "@/lib/permissions";

describe("role permissions", () => {
  it("gives admins every permission, everywhere", () => {
    for (const permission of PERMISSIONS) expect(grantOf("ADMIN", permission)).toBe("all");
  });

  it("lets finance read everything in the organization but change nothing of its structure", () => {
    for (const permission of PERMISSIONS.filter((name) => name.endsWith(":read"))) {
      expect(roleCan("FINANCE", permission), permission).toBe(true);
    }
    for (const permission of ["org:update", "members:manage", "teams:create", "teams:update", "teams:delete", "teams:structure", "workflows:write", "tokens:manage", "channels:write"] as const) {
      expect(roleCan("FINANCE", permission), permission).toBe(false);
    }
  });

  it("limits every write of a manager to the teams they manage", () => {
    const writes = Object.entries(ROLE_PERMISSIONS.MANAGER).filter(([permission]) => !permission.endsWith(":read") && permission !== "tokens:create");
    expect(writes.map(([permission]) => permission).sort()).toEqual(["alerts:write", "budgets:write", "recommendations:write", "teams:update", "workflows:write"]);
    for (const [, grant] of writes) expect(grant).toBe("managed");
    expect(roleCan("MANAGER", "teams:create")).toBe(false);
    expect(roleCan("MANAGER", "members:manage")).toBe(false);
  });

  it("names only known permissions in the table and on the settings pages", () => {
    for (const role of ROLES) for (const permission of Object.keys(ROLE_PERMISSIONS[role])) expect(PERMISSIONS).toContain(permission);
    for (const page of SETTINGS_PAGES) expect(PERMISSIONS).toContain(page.permission);
    for (const permissions of Object.values(TOKEN_SCOPES)) for (const permission of permissions) expect(PERMISSIONS).toContain(permission);
  });
});

describe("token scopes", () => {
  it("maps scopes to the permissions they cover", () => {
    expect([...permissionsOfScopes(["teams:read"])]).toEqual(["teams:read"]);
    expect(permissionsOfScopes(["teams:write"])).toEqual(new Set(["teams:create", "teams:update", "teams:delete", "teams:structure"]));
  });

  it("treats `all` as every permission and ignores unknown scopes", () => {
    expect(permissionsOfScopes(["all"]).size).toBe(PERMISSIONS.length);
    expect(permissionsOfScopes(["nonsense"]).size).toBe(0);
  });
});
