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
    // The demo's models all existed (and had list prices) thirteen months before this day.
    const now = new Date("2026-11-15T12:00:00Z");
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
      "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
    ]);
    const firstFull = rows[0]!;
    const lastFull = rows[11]!;
    const perMillion = (row: { billed: string; tokens: string }) => Number(row.billed) / (Number(row.tokens) / 1e6);
    expect(Number(lastFull.tokens)).toBeGreaterThan(Number(firstFull.tokens) * 2.5);
    expect(perMillion(lastFull)).toBeLessThan(perMillion(firstFull) * 0.6);
    expect(Number(lastFull.billed)).toBeGreaterThan(Number(firstFull.billed));

    // Every token is priced from the catalog at the price the exports billed (Anthropic's after Acme's contract
    // discount), to the cent, except the fine-tuned model no price list has: listed as unpriced, never zero.
    const { rows: providers } = await pool.query<{ provider: string; billed: string; estimated: string }>(
      `SELECT provider, round(sum("billedCost") FILTER (WHERE "uncachedInputTokens" + "cacheReadInputTokens" + "cacheWrite5mInputTokens" + "outputTokens" = 0 OR "estimatedCost" IS NOT NULL), 2)::text AS billed,
         round(sum("estimatedCost"), 2)::text AS estimated
       FROM usage_record WHERE "orgId" = $1 AND model NOT LIKE 'ft:%' GROUP BY 1 ORDER BY 1`,
      [org.id],
    );
    for (const row of providers) expect(row.estimated, row.provider).toBe(row.billed);
    const unpriced = await pool.query<{ model: string; records: string }>(
      `SELECT model, sum("unpricedRecords")::text AS records FROM daily_usage WHERE "orgId" = $1 AND "unpricedRecords" > 0 GROUP BY 1`,
      [org.id],
    );
    expect(unpriced.rows).toEqual([{ model: "ft:gpt-4.1-mini-2025-04-14:acme-corp:support-tone:abc123", records: expect.any(String) }]);
    const saved = await pool.query<{ saved: string }>(`SELECT (sum("listCost") - sum("estimatedCost"))::text AS saved FROM daily_usage WHERE "orgId" = $1 AND provider = 'anthropic'`, [org.id]);
    expect(Number(saved.rows[0]!.saved)).toBeGreaterThan(0);

    const again = await seedDemoUsage({ orgId: org.id, uploadedById: null, directory, now });
    expect(again).toEqual({ files: 78, imported: 0, skipped: 78 });
  }, 60_000);
});
