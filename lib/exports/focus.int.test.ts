import path from "node:path";
import type { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { exportFocusCsv } from "@/lib/exports/focus";
import { FOCUS_1_2_MANDATORY_COLUMN_IDS, FOCUS_EXPORT_HEADER, validateFocusDataset, type FocusCsvRow } from "@/lib/exports/focus-spec";
import { readFixture } from "@/lib/ingest/formats/map-fixture";
import { addDecimals } from "@/lib/money";
import { pool } from "@/lib/pg";
import { unsafeImportFile } from "@/lib/uploads/import-file";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { ledgerTotals } from "@/test/ledger";

const SAMPLES = path.resolve(import.meta.dirname, "../../test/samples");
const FIXTURES = path.resolve(import.meta.dirname, "../ingest/formats/fixtures");
const FOCUS_SAMPLE = path.join(SAMPLES, "focus-1.0-official/focus_sample.csv");
const AI_SAMPLE = path.join(SAMPLES, "focus-draft-ai-examples/ai_prompt_caching_a.csv");
// Usage-only sources: no bill, so their records carry only the catalog's estimate (and images: a non-token unit).
const OPENAI_COMPLETIONS = path.join(FIXTURES, "openai-usage-completions.csv");
const OPENAI_IMAGES = path.join(FIXTURES, "openai-usage-images.csv");

const TOKEN_COLUMNS = ["x_UncachedInputTokens", "x_CacheReadInputTokens", "x_CacheWrite5mInputTokens", "x_CacheWrite1hInputTokens", "x_OutputTokens"];

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The export read back as a FOCUS consumer would: header and rows, empty cells as "" (null). */
async function exportRows(orgId: string, from: string, to: string, batchSize?: number) {
  const text = await readText(exportFocusCsv(pool, { orgId, from, to, batchSize }));
  const [header, ...records] = parse(text, { relax_column_count: false }) as string[][];
  const rows = records.map((cells) => Object.fromEntries(header!.map((column, index) => [column, cells[index]!])) as FocusCsvRow);
  return { text, header: header!, rows };
}

async function importLedger() {
  const people = await createOrgWithPeople();
  const { org } = people;
  for (const filePath of [FOCUS_SAMPLE, AI_SAMPLE, OPENAI_COMPLETIONS, OPENAI_IMAGES]) {
    const { result } = await unsafeImportFile({ orgId: org.id, filePath });
    expect(result?.status, filePath).toBe("completed");
  }
  // Another tenant with records on the same days: none of them may appear.
  const other = await createOrgWithPeople();
  await unsafeImportFile({ orgId: other.org.id, filePath: AI_SAMPLE });
  await unsafeImportFile({ orgId: other.org.id, filePath: OPENAI_COMPLETIONS });

  // Team and workflow on some records, one team named like a spreadsheet formula.
  const formulaTeam = await db.team.create({ data: { orgId: org.id, name: '=HYPERLINK("http://evil.example","x")', costCenter: "CC-42" } });
  const workflow = await db.workflow.create({ data: { orgId: org.id, name: "Ticket triage", teamId: people.teams.managedTeam.id } });
  await pool.query(`UPDATE usage_record SET "teamId" = $2, "workflowId" = $3 WHERE "orgId" = $1 AND provider = 'openai'`, [
    org.id,
    people.teams.managedTeam.id,
    workflow.id,
  ]);
  await pool.query(`UPDATE usage_record SET "teamId" = $2 WHERE "orgId" = $1 AND service = 'Amazon Simple Queue Service'`, [org.id, formulaTeam.id]);
  return { ...people, other, formulaTeam, workflow };
}

async function ledgerKeys(orgId: string, from: string, to: string): Promise<string[]> {
  const { rows } = await pool.query<{ key: string }>(
    `SELECT "naturalKey"::text AS key FROM usage_record WHERE "orgId" = $1 AND "usageDate" BETWEEN $2::date AND $3::date ORDER BY 1`,
    [orgId, from, to],
  );
  return rows.map((row) => row.key);
}

describe("the FOCUS 1.2 export", () => {
  it("writes every ledger record of the organization as a row that meets the FOCUS 1.2 rules, with exact costs", async () => {
    const { org, teams, other, formulaTeam, workflow } = await importLedger();
    const { header, rows } = await exportRows(org.id, "2024-01-01", "2026-12-31");

    // One row per record of this organization, and nothing of the other one.
    expect(rows.map((row) => row.x_RecordId).sort()).toEqual(await ledgerKeys(org.id, "2024-01-01", "2026-12-31"));
    expect(new Set(rows.map((row) => row.BillingAccountId))).toEqual(new Set([org.id]));
    expect(rows.some((row) => row.BillingAccountId === other.org.id)).toBe(false);

    // The spec's rules, row by row.
    expect(header).toEqual([...FOCUS_EXPORT_HEADER]);
    for (const id of FOCUS_1_2_MANDATORY_COLUMN_IDS) expect(header).toContain(id);
    for (const id of ["x_TeamId", "x_TeamName", "x_TeamCostCenter", "x_WorkflowId", "x_WorkflowName", "x_Model", "x_ServiceTier", "x_EstimatedCost", "x_ListCost", "x_Unpriced", "x_Source", ...TOKEN_COLUMNS, "x_ReasoningTokens"]) {
      expect(header).toContain(id);
    }
    const { violations, deviations } = validateFocusDataset(header, rows);
    expect(violations).toEqual([]);
    // The one documented deviation (quantities the ledger does not hold) happens only on rows without tokens.
    expect(deviations.length).toBeGreaterThan(0);
    for (const deviation of deviations) {
      const row = rows[deviation.row! - 1]!;
      expect(TOKEN_COLUMNS.map((column) => row[column]), deviation.rule).toEqual(["0", "0", "0", "0", "0"]);
    }

    // Money: BilledCost sums to the ledger's billed total exactly; EffectiveCost to billed-else-estimated.
    const ledger = await ledgerTotals(org.id);
    expect(addDecimals(rows.map((row) => row.BilledCost!))).toBe(ledger.billed);
    expect(new Decimal(addDecimals(rows.map((row) => row.BilledCost!))).toFixed(2)).toBe(new Decimal(ledger.billed).toFixed(2));
    const { rows: effective } = await pool.query<{ total: string }>(
      `SELECT coalesce(sum(coalesce("billedCost", "estimatedCost")), 0)::text AS total FROM usage_record WHERE "orgId" = $1`,
      [org.id],
    );
    expect(addDecimals(rows.map((row) => row.EffectiveCost!))).toBe(new Decimal(effective[0]!.total).toFixed());
    expect(addDecimals(rows.map((row) => row.x_EstimatedCost))).toBe(ledger.estimated);

    // Usage-only OpenAI records: nothing billed, the estimate is their effective cost; tokens priced per million.
    // A model the catalog cannot price is flagged, never priced at zero silently.
    const openai = rows.filter((row) => row.ProviderName === "OpenAI" && row.ConsumedUnit === "Tokens");
    const priced = openai.filter((row) => row.x_Unpriced === "false");
    expect(priced.length).toBeGreaterThan(0);
    for (const row of openai) {
      expect(row).toMatchObject({ BilledCost: "0", ServiceCategory: "AI and Machine Learning", ServiceSubcategory: "Generative AI" });
      if (row.x_Unpriced === "false") expect(row).toMatchObject({ x_CostBasis: "Estimated", EffectiveCost: row.x_EstimatedCost });
      else expect(row).toMatchObject({ x_CostBasis: "None", EffectiveCost: "0", x_EstimatedCost: "" });
      expect(row.PricingUnit).toBe("1000000 Tokens");
      const tokens = TOKEN_COLUMNS.reduce((sum, column) => sum + BigInt(row[column]!), 0n);
      expect(row.ConsumedQuantity).toBe(tokens.toString());
      expect(new Decimal(row.PricingQuantity!).times(1_000_000).toFixed()).toBe(tokens.toString());
      expect(row).toMatchObject({ x_TeamId: teams.managedTeam.id, x_TeamName: "Support", x_WorkflowId: workflow.id, x_WorkflowName: "Ticket triage", x_Source: "upload" });
    }
    // Images: consumed in their own unit, not tokens.
    expect(rows.find((row) => row.x_Model === "dall-e-3")).toMatchObject({ ConsumedUnit: "Images", PricingQuantity: "", x_OtherUnit: "images" });

    // The billed AI sample: tokens, its bill, and the model.
    const solora = rows.filter((row) => row.x_Model === "solora-reasoning-pro");
    expect(solora).toHaveLength(4);
    expect(addDecimals(solora.map((row) => row.BilledCost!))).toBe(addDecimals(readFixture(AI_SAMPLE).rows.map((row) => row.BilledCost)));
    expect(solora.every((row) => row.x_CostBasis === "Billed" && row.ChargePeriodStart === "2025-01-01T00:00:00Z" && row.BillingPeriodEnd === "2025-02-01T00:00:00Z")).toBe(true);

    // A negative credit stays a number; the formula-like team name is neutralized.
    const credit = rows.find((row) => row.ChargeCategory === "Credit")!;
    expect(credit).toMatchObject({ BilledCost: "-2.6137", EffectiveCost: "-2.6137", ListCost: "-2.6137", ContractedCost: "-2.6137", ChargeFrequency: "One-Time" });
    const queued = rows.filter((row) => row.ServiceName === "Amazon Simple Queue Service");
    expect(queued.length).toBeGreaterThan(0);
    for (const row of queued) expect(row).toMatchObject({ x_TeamId: formulaTeam.id, x_TeamName: `'${formulaTeam.name}`, x_TeamCostCenter: "CC-42", ServiceCategory: "Other" });
    // Cloud rows keep their tags as a JSON object; times are ISO 8601 UTC although the sample wrote "YYYY-MM-DD HH:MM:SS".
    expect(rows.some((row) => row.Tags !== "" && typeof JSON.parse(row.Tags!) === "object")).toBe(true);
    expect(rows.find((row) => row.ServiceName === "Azure Machine Learning")).toMatchObject({ ServiceCategory: "AI and Machine Learning", ServiceSubcategory: "Machine Learning" });
  });

  it("exports only the records whose usage date is in [from, to]", async () => {
    const { org } = await importLedger();
    const { rows } = await exportRows(org.id, "2024-09-10", "2024-09-20");
    const keys = await ledgerKeys(org.id, "2024-09-10", "2024-09-20");
    expect(keys.length).toBeGreaterThan(100);
    expect(rows.map((row) => row.x_RecordId).sort()).toEqual(keys);
    expect(rows.every((row) => row.x_UsageDate! >= "2024-09-10" && row.x_UsageDate! <= "2024-09-20")).toBe(true);
    const { rows: billed } = await pool.query<{ total: string }>(
      `SELECT sum("billedCost")::text AS total FROM usage_record WHERE "orgId" = $1 AND "usageDate" BETWEEN '2024-09-10' AND '2024-09-20'`,
      [org.id],
    );
    expect(addDecimals(rows.map((row) => row.BilledCost!))).toBe(new Decimal(billed[0]!.total).toFixed());
    const single = await exportRows(org.id, "2025-01-01", "2025-01-01");
    expect(single.rows.map((row) => row.x_Model)).toEqual(Array(4).fill("solora-reasoning-pro"));
    expect((await exportRows(org.id, "2023-01-01", "2023-12-31")).rows).toEqual([]);
  });

  it("streams in batches: the same bytes whatever the batch size, and the connection comes back when a reader stops early", async () => {
    const { org } = await importLedger();
    const whole = await exportRows(org.id, "2024-01-01", "2026-12-31");
    const small = await exportRows(org.id, "2024-01-01", "2026-12-31", 7);
    expect(small.text).toBe(whole.text);
    expect(whole.text.endsWith("\r\n")).toBe(true);

    const checkedOutBefore = pool.totalCount - pool.idleCount;
    const stream = exportFocusCsv(pool, { orgId: org.id, from: "2024-01-01", to: "2026-12-31", batchSize: 10 });
    let received = "";
    for await (const chunk of stream) {
      received += (chunk as Buffer).toString("utf8");
      break; // stops reading early, as a client that disconnects would: the stream is destroyed
    }
    // Breaking out destroys the stream (with an AbortError); wait until it has closed.
    if (!stream.closed) await new Promise((resolve) => stream.once("close", resolve));
    expect(received.startsWith(whole.text.slice(0, whole.text.indexOf("\r\n") + 2))).toBe(true);
    expect(received.length).toBeLessThan(whole.text.length);
    // The cursor's transaction was rolled back and its connection returned: not leaked, not idle in transaction.
    await expect.poll(() => pool.totalCount - pool.idleCount).toBe(checkedOutBefore);
    const { rows } = await pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND query LIKE '%focus_export%'`,
    );
    expect(rows).toEqual([]);
  });

  it("refuses a bad range, and fails the stream for an unknown organization", async () => {
    const { org } = await createOrgWithPeople();
    expect(await errorCode(Promise.resolve().then(() => exportFocusCsv(pool, { orgId: org.id, from: "2025-02-01", to: "2025-01-31" })))).toBe("validation_failed");
    expect(await errorCode(Promise.resolve().then(() => exportFocusCsv(pool, { orgId: org.id, from: "2025-02-30", to: "2025-03-01" })))).toBe("validation_failed");
    expect(await errorCode(readText(exportFocusCsv(pool, { orgId: "no-such-org", from: "2025-01-01", to: "2025-01-31" })))).toBe("not_found");
    // An organization without records: just the header.
    const empty = await exportRows(org.id, "2025-01-01", "2025-01-31");
    expect(empty.rows).toEqual([]);
    expect(empty.header).toContain("BilledCost");
  });
});
