import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemoUsage } from "@/lib/demo/seed-usage";
import { pool } from "@/lib/pg";
import { createOrg } from "@/test/factories";
import { assertRollupsMatchFacts } from "@/test/ledger";

let directory = "";
afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("the demo's usage", () => {
  it("imports thirteen months of provider exports through the pipeline: more tokens, cheaper tokens, more spend", async () => {
    const org = await createOrg("Demo");
    directory = await mkdtemp(path.join(tmpdir(), "tokenledger-demo-"));
    const now = new Date("2026-03-15T12:00:00Z");
    const first = await seedDemoUsage({ orgId: org.id, uploadedById: null, directory, now });
    expect(first).toEqual({ files: 78, imported: 78, skipped: 0 });

    const uploads = await db.upload.findMany({ where: { orgId: org.id } });
    expect(new Set(uploads.map((upload) => upload.format))).toEqual(
      new Set(["openai-usage", "openai-costs", "anthropic-usage", "anthropic-costs", "aws-cur", "azure-cost"]),
    );
    expect(uploads.every((upload) => upload.status === "COMPLETED")).toBe(true);
    // The CUR files carry EC2 too: skipped and counted as not AI usage.
    expect(uploads.filter((upload) => upload.format === "aws-cur").every((upload) => upload.rowsNotAi > 0)).toBe(true);
    await assertRollupsMatchFacts(org.id);

    const { rows } = await pool.query<{ month: string; billed: string; tokens: string }>(
      `SELECT to_char(day, 'YYYY-MM') AS month, sum("billedCost")::text AS billed,
         sum("uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "outputTokens")::text AS tokens
       FROM daily_usage WHERE "orgId" = $1 GROUP BY 1 ORDER BY 1`,
      [org.id],
    );
    expect(rows.map((row) => row.month)).toEqual([
      "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
    ]);
    const firstFull = rows[0]!;
    const lastFull = rows[11]!;
    const perMillion = (row: { billed: string; tokens: string }) => Number(row.billed) / (Number(row.tokens) / 1e6);
    expect(Number(lastFull.tokens)).toBeGreaterThan(Number(firstFull.tokens) * 2.5);
    expect(perMillion(lastFull)).toBeLessThan(perMillion(firstFull) * 0.6);
    expect(Number(lastFull.billed)).toBeGreaterThan(Number(firstFull.billed));

    const again = await seedDemoUsage({ orgId: org.id, uploadedById: null, directory, now });
    expect(again).toEqual({ files: 78, imported: 0, skipped: 78 });
  }, 60_000);
});
