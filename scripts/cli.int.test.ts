import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { actorForToken } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { uniqueSlug } from "@/test/factories";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, "scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run cli", () => {
  it("creates an organization with its admin, then a token that prints alone on stdout", async () => {
    const slug = uniqueSlug("cli");
    const created = await cli("org:create", "--name", "CLI Co", "--slug", slug, "--admin-email", `${slug}@example.test`, "--admin-password", "a fine password");
    expect(created.code).toBe(0);
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    expect(created.stdout.trim()).toBe(org.id);

    const token = await cli("token:create", "--org", slug, "--scopes", "teams:read,workflows:read", "--name", "ci");
    expect(token.code).toBe(0);
    const lines = token.stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    const actor = await actorForToken(lines[0]!);
    expect(actor.org.slug).toBe(slug);
    expect(actor.role).toBe("ADMIN");
    expect([...actor.tokenPermissions!].sort()).toEqual(["teams:read", "workflows:read"]);
  }, 60_000);

  it("exits non-zero with a clear message on bad arguments", async () => {
    const missing = await cli("token:create", "--org", "acme");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("token:create needs --scopes.");

    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');

    const stray = await cli("migrate", "--force");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--force");

    const noOrg = await cli("token:create", "--org", "no-such-org-anywhere", "--scopes", "all");
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain('no organization with slug "no-such-org-anywhere"');

    const reserved = await cli("org:create", "--name", "Login", "--slug", "login", "--admin-email", "a@example.test", "--admin-password", "a fine password");
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toContain("slug: This address is reserved; pick another.");
    expect(reserved.stdout).toBe("");
  }, 60_000);
});
