import path from "node:path";
import { describe, expect, it } from "vitest";
import { addDecimals } from "@/lib/money";
import { querySpend } from "@/lib/spend/queries";
import { unsafeImportFile } from "@/lib/uploads/import-file";
import { pool } from "@/lib/pg";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { rebuildRollups } from "@/lib/ingest/ledger-sql";
import { ledgerTotals } from "@/test/ledger";

const SAMPLES = path.resolve(import.meta.dirname, "../../test/samples");

describe("the spend API's query", () => {
  it("totals match the ledger, grouped from rollups or from facts alike", async () => {
    const { org, actors } = await createOrgWithPeople();
    await unsafeImportFile({ orgId: org.id, filePath: path.join(SAMPLES, "focus-1.0-official/focus_sample.csv") });
    await unsafeImportFile({ orgId: org.id, filePath: path.join(SAMPLES, "focus-draft-ai-examples/ai_prompt_caching_a.csv") });
    const ledger = await ledgerTotals(org.id);

    const total = await querySpend(actors.finance, { from: "2024-01-01", to: "2025-12-31", metric: "billed" });
    expect(total.source).toBe("rollup");
    expect(total.rows).toEqual([{ group: {}, labels: {}, currency: "USD", cost: ledger.billed, records: ledger.records, tokens: expect.any(Object), requests: 0 }]);
    expect(total.totals[0]!.cost).toBe(ledger.billed);

    const byProvider = await querySpend(actors.finance, { from: "2024-01-01", to: "2025-12-31", groupBy: "provider", metric: "effective" });
    expect(addDecimals(byProvider.rows.map((row) => row.cost))).toBe(ledger.billed);
    const { rows } = await pool.query<{ provider: string; billed: string }>(
      `SELECT provider, sum("billedCost")::text AS billed FROM usage_record WHERE "orgId" = $1 GROUP BY provider`,
      [org.id],
    );
    for (const row of rows) {
      expect(byProvider.rows.find((candidate) => candidate.group.provider === row.provider)?.cost).toBe(row.billed.replace(/\.?0+$/, ""));
    }
    // Sorted by cost, largest first.
    const costs = byProvider.rows.map((row) => Number(row.cost));
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);

    const byProject = await querySpend(actors.admin, { from: "2024-01-01", to: "2025-12-31", groupBy: "provider,project" });
    expect(byProject.source).toBe("ledger");
    expect(addDecimals(byProject.rows.map((row) => row.cost))).toBe(ledger.billed);

    const ai = await querySpend(actors.admin, { from: "2025-01-01", to: "2025-01-31", groupBy: "model,month" });
    expect(ai.rows).toHaveLength(1);
    expect(ai.rows[0]).toMatchObject({ group: { model: "solora-reasoning-pro", month: "2025-01" }, tokens: { uncachedInput: 500_000, cacheRead: 8_000_000 } });
    const withTeam = await querySpend(actors.admin, { from: "2025-01-01", to: "2025-01-31", groupBy: "team" });
    expect(withTeam.rows[0]!.labels.team).toBe("Unattributed");
  });

  it("shows managers only the teams they manage, facts and rollups alike", async () => {
    const { org, actors, teams } = await createOrgWithPeople();
    await unsafeImportFile({ orgId: org.id, filePath: path.join(SAMPLES, "focus-1.0-official/focus_sample.csv") });
    const range = { from: "2024-01-01", to: "2025-12-31", metric: "billed" };
    expect((await querySpend(actors.manager, range)).rows).toEqual([]);
    // Give the AWS spend to the sub-team of the manager's team, the rest to a team they do not manage.
    await pool.query(`UPDATE usage_record SET "teamId" = CASE WHEN provider = 'aws' THEN $2 ELSE $3 END WHERE "orgId" = $1`, [org.id, teams.subTeam.id, teams.otherTeam.id]);
    const client = await pool.connect();
    try {
      await rebuildRollups(client, org.id, "all");
    } finally {
      client.release();
    }
    const { rows } = await pool.query<{ billed: string }>(`SELECT sum("billedCost")::text AS billed FROM usage_record WHERE "orgId" = $1 AND provider = 'aws'`, [org.id]);
    const aws = rows[0]!.billed.replace(/\.?0+$/, "");
    expect((await querySpend(actors.manager, range)).totals[0]!.cost).toBe(aws);
    expect((await querySpend(actors.manager, { ...range, groupBy: "project" })).totals[0]!.cost).toBe(aws);
    expect((await querySpend(actors.finance, range)).totals[0]!.cost).toBe((await ledgerTotals(org.id)).billed);
  });

  it("validates its parameters and keeps tenants apart", async () => {
    const a = await createOrgWithPeople();
    const b = await createOrgWithPeople();
    await unsafeImportFile({ orgId: a.org.id, filePath: path.join(SAMPLES, "focus-draft-ai-examples/ai_prompt_caching_a.csv") });
    expect((await querySpend(b.actors.admin, { from: "2025-01-01", to: "2025-12-31" })).rows).toEqual([]);
    expect(await errorCode(querySpend(a.actors.admin, { from: "2025-13-01", to: "2025-12-31" }))).toBe("validation_failed");
    expect(await errorCode(querySpend(a.actors.admin, { from: "2025-02-01", to: "2025-01-01" }))).toBe("validation_failed");
    expect(await errorCode(querySpend(a.actors.admin, { from: "2025-01-01", to: "2025-01-02", groupBy: "color" }))).toBe("validation_failed");
    expect(await errorCode(querySpend(a.actors.admin, { from: "2025-01-01", to: "2025-01-02", metric: "listed" }))).toBe("validation_failed");
  });
});
