import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can, mayAtAll } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { permissionsOfScopes, type Role } from "@/lib/permissions";

// Actors are normally made only by lib/auth/actor.ts from the database; here the pure check is tested alone.
function actor(role: Role, options: { managed?: string[]; scopes?: string[] } = {}): Actor {
  return {
    kind: options.scopes ? "token" : "session",
    userId: "u1",
    email: "someone@example.test",
    name: null,
    tokenId: options.scopes ? "t1" : null,
    org: { id: "o1", slug: "o", name: "O", timeZone: "UTC", currency: "USD" },
    role,
    tokenPermissions: options.scopes ? permissionsOfScopes(options.scopes) : null,
    managedTeamIds: new Set(options.managed ?? []),
  } as unknown as Actor;
}

function codeOf(work: () => void): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : "other";
  }
}

describe("authorize", () => {
  it("lets an admin do anything, anywhere", () => {
    expect(codeOf(() => authorize(actor("ADMIN"), "teams:create"))).toBeNull();
    expect(codeOf(() => authorize(actor("ADMIN"), "workflows:write", [null]))).toBeNull();
  });

  it("refuses a role without the permission with forbidden", () => {
    expect(codeOf(() => authorize(actor("FINANCE"), "teams:create"))).toBe("forbidden");
  });

  it("lets a manager write only on managed teams, and never on 'no team'", () => {
    const manager = actor("MANAGER", { managed: ["t-support"] });
    expect(codeOf(() => authorize(manager, "teams:update", ["t-support"]))).toBeNull();
    expect(codeOf(() => authorize(manager, "teams:update", ["t-legal"]))).toBe("forbidden");
    expect(codeOf(() => authorize(manager, "workflows:write", [null]))).toBe("forbidden");
    expect(codeOf(() => authorize(manager, "workflows:write", ["t-support", "t-legal"]))).toBe("forbidden");
    // A managed grant with no team named is refused: a caller that forgets the scope must not open it up.
    expect(codeOf(() => authorize(manager, "teams:update"))).toBe("forbidden");
  });

  it("intersects a token's scopes with its member's role", () => {
    expect(codeOf(() => authorize(actor("ADMIN", { scopes: ["teams:read"] }), "teams:read"))).toBeNull();
    expect(codeOf(() => authorize(actor("ADMIN", { scopes: ["teams:read"] }), "teams:create"))).toBe("forbidden");
    expect(codeOf(() => authorize(actor("FINANCE", { scopes: ["all"] }), "teams:create"))).toBe("forbidden");
  });

  it("answers the UI's questions from the same table", () => {
    expect(mayAtAll(actor("MANAGER"), "teams:update")).toBe(false);
    expect(mayAtAll(actor("MANAGER", { managed: ["t"] }), "teams:update")).toBe(true);
    expect(mayAtAll(actor("FINANCE"), "teams:update")).toBe(false);
    expect(can(actor("MANAGER", { managed: ["t"] }), "teams:update", ["t"])).toBe(true);
  });
});
