import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recoverUploads } from "@/lib/uploads/process-upload";
import { unsafeImportFile } from "@/lib/uploads/import-file";
import { createOrg } from "@/test/factories";
import { ledgerTotals } from "@/test/ledger";

const ROOT = path.resolve(import.meta.dirname, "..");
const ROWS = 1_000_000;
let directory = "";
afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function writeExport(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write("BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,ResourceId\n");
  for (let index = 0; index < ROWS; index++) {
    const hour = String(index % 24).padStart(2, "0");
    const line = `0.01,USD,2025-05-01T${hour}:00:00Z,2025-05-01T${hour}:59:59Z,Usage,AWS,Amazon Bedrock,resource-${index}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

describe("an import killed half-way", () => {
  it("leaves no partial rows, is reported as interrupted, and imports cleanly afterwards", async () => {
    const org = await createOrg();
    directory = await mkdtemp(path.join(tmpdir(), "tokenledger-kill-"));
    const file = path.join(directory, "big-export.csv");
    await writeExport(file);

    // One process (node with tsx's loader), not tsx's wrapper: killing a wrapper would leave the importer running.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "ingest", file, "--org", org.slug], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Kill it once the import is visibly under way (rows read, nothing committed).
    const deadline = Date.now() + 60_000;
    let seen = false;
    while (Date.now() < deadline) {
      const upload = await db.upload.findFirst({ where: { orgId: org.id } });
      if (upload?.status === "PROCESSING" && upload.rowsRead > 10_000) {
        seen = true;
        break;
      }
      if (upload && upload.status !== "PENDING" && upload.status !== "PROCESSING") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen, "the import should have been caught mid-way").toBe(true);
    child.kill("SIGKILL");
    await exited;

    expect(await db.usageRecord.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.dailyUsage.count({ where: { orgId: org.id } })).toBe(0);
    const recovered = await recoverUploads({ staleAfterMs: 0, orgId: org.id });
    expect(recovered).toEqual({ failed: 1, resumed: 0 });
    const interrupted = await db.upload.findFirstOrThrow({ where: { orgId: org.id } });
    expect(interrupted.status).toBe("FAILED");
    expect(interrupted.message).toBe("The import was interrupted when the server stopped; nothing was imported. Upload the file again.");

    // The ledger lock died with the connection: the next import of the same file goes through completely.
    const again = await unsafeImportFile({ orgId: org.id, filePath: file });
    expect(again.result?.status).toBe("completed");
    expect(await ledgerTotals(org.id)).toMatchObject({ records: ROWS, billed: "10000" });
    // A million records would slow the suites after this one: the organization goes with them.
    await db.organization.delete({ where: { id: org.id } });
  }, 240_000);
});
