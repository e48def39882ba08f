import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { findLeaks } from "@/scripts/check-secret-leaks";
import { KNOWN_TEST_SECRETS } from "@/test/known-secrets";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function logs(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "tokenledger-leaks-"));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(directory, name), text);
  return directory;
}

describe("check-secret-leaks", () => {
  it("finds a known secret in a log, as itself or URL-encoded, and names file, line and secret", async () => {
    const directory = await logs({
      "server.log": `{"level":30,"msg":"sync started","keyHint":"sk-admin-…alid"}\n{"level":50,"msg":"refused","key":"${KNOWN_TEST_SECRETS.openaiAdminKey}"}\n`,
      "journey.txt": `POST /hook?secret=${encodeURIComponent(`smtp://mailer:${KNOWN_TEST_SECRETS.smtpPassword}@x`)}\n`,
      "trace.zip": KNOWN_TEST_SECRETS.webhookSecret,
    });
    const { scanned, leaks } = await findLeaks([directory]);
    expect(scanned).toBe(2);
    expect(leaks.map((leak) => [path.basename(leak.file), leak.line, leak.secret]).sort()).toEqual([
      ["journey.txt", 1, "smtpPassword"],
      ["server.log", 2, "openaiAdminKey"],
    ]);
  });

  it("exits 1 on a leak without printing the secret, 0 on clean logs", async () => {
    const leaky = await logs({ "app.log": `token ${KNOWN_TEST_SECRETS.anthropicAdminKey}\n` });
    const failed = await promisify(execFile)(process.execPath, [TSX, "scripts/check-secret-leaks.ts", leaky], { cwd: ROOT }).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain("app.log:1: the test secret anthropicAdminKey appears in a log");
    expect((failed as { stderr: string }).stderr).not.toContain(KNOWN_TEST_SECRETS.anthropicAdminKey);

    const clean = await logs({ "app.log": "masked sk-ant-…alid\n" });
    const passed = await promisify(execFile)(process.execPath, [TSX, "scripts/check-secret-leaks.ts", clean], { cwd: ROOT });
    expect(passed.stderr).toContain("no known secret in 1 file(s) scanned.");
  }, 30_000);
});
