import { text } from "node:stream/consumers";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { explore } from "@/lib/analytics/explore";
import { createRule } from "@/lib/attribution/rules";
import { createSplit } from "@/lib/attribution/splits";
import { db } from "@/lib/db";
import { focusExportFor } from "@/lib/exports/focus-export";
import { validateFocusDataset } from "@/lib/exports/focus-spec";
import { CHARGEBACK_CSV_HEADER, chargeback, chargebackCsv } from "@/lib/reports/chargeback";
import { reconciliation, reconciliationDrill } from "@/lib/reports/reconciliation";
import { createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { createOrgWithPeople, errorCode } from "@/test/factories";

type Actor = Parameters<typeof createUpload>[0];
const USAGE_HEADER = "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens";
const COSTS_HEADER = "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,organization_id,organization_name";
const DAY_MS = 86_400_000;
// Two whole months before this one, so the data never straddles "today".
const now = new Date();
const firstOf = (monthsBack: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
const START = firstOf(2);
const MONTHS = [firstOf(2), firstOf(1)].map((date) => date.toISOString().slice(0, 7)) as [string, string];
const dayOf = (offset: number) => new Date(START.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
const lastDay = new Date(firstOf(0).getTime() - DAY_MS).toISOString().slice(0, 10);
const monthEnd = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const daysCovered = Math.round((Date.parse(`${lastDay}T00:00:00Z`) - START.getTime()) / DAY_MS) + 1;

function usageRow(offset: number, project: string, model: string, input: number, output: number) {
  const start = Date.parse(`${dayOf(offset)}T00:00:00Z`) / 1000;
  return [start, start + 86_400, "", "", project, 10, `user-${project}`, `key_${project}`, model, "FALSE", "default", input, output, 0].join(",");
}

async function upload(actor: Actor, csv: string, filename: string) {
  let id = "";
  await createUpload(actor, { body: Readable.from([Buffer.from(csv)]), filename, options: {} }, (uploadId) => (id = uploadId));
  await processUpload(id);
  const done = await db.upload.findUniqueOrThrow({ where: { id } });
  expect(done.status, done.message ?? "").toBe("COMPLETED");
}

/** Support (managed) and Legal by rule, the rest unattributed, over two whole months; OpenAI billed 10 days. */
async function seed() {
  const context = await createOrgWithPeople();
  const { actors, teams } = context;
  await db.team.update({ where: { id: teams.managedTeam.id }, data: { costCenter: "CC-100" } });
  await db.team.update({ where: { id: teams.otherTeam.id }, data: { name: "=Legal", costCenter: "+CC-200" } });
  await createRule(actors.admin, { name: "Support", conditions: [{ field: "project", operator: "exact", value: "proj_support" }], teamId: teams.managedTeam.id });
  await createRule(actors.admin, { name: "Legal", conditions: [{ field: "project", operator: "exact", value: "proj_legal" }], teamId: teams.otherTeam.id });
  const rows = [USAGE_HEADER];
  for (let offset = 0; offset < daysCovered; offset++) {
    rows.push(usageRow(offset, "proj_support", "gpt-4o-mini", 1_000_000 + offset * 1_237, 100_000 + offset * 11));
    rows.push(usageRow(offset, "proj_legal", "gpt-4o", 200_000 + offset * 313, 20_000));
    if (offset % 3 === 0) rows.push(usageRow(offset, "proj_misc", "gpt-4.1", 50_000 + offset, 5_003));
  }
  await upload(actors.admin, rows.join("\n"), "usage.csv");
  // The bill for days 3 to 12: a little more than the estimate, on two line items a day.
  const costs = [COSTS_HEADER];
  for (let offset = 3; offset <= 12; offset++) {
    const start = Date.parse(`${dayOf(offset)}T00:00:00Z`) / 1000;
    costs.push([start, start + 86_400, "", "", "1.23456789", "usd", '"gpt-4o-mini-2024-07-18, input"', "proj_support", "org-1", "Acme"].join(","));
    costs.push([start, start + 86_400, "", "", "0.5", "usd", '"gpt-4o-2024-08-06, output"', "proj_legal", "org-1", "Acme"].join(","));
  }
  await upload(actors.admin, costs.join("\n"), "costs.csv");
  return context;
}

const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));
const cents = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

describe("monthly chargeback", () => {
  it("charges direct spend per team and month to the cent and splits shared spend exactly", async () => {
    const { actors, teams } = await seed();
    await createSplit(actors.admin, { name: "Platform", sourceTeamId: null, method: "proportional", targets: [{ teamId: teams.managedTeam.id }, { teamId: teams.otherTeam.id }] });
    await createSplit(actors.admin, {
      name: "Legal desk",
      sourceTeamId: teams.otherTeam.id,
      method: "fixed",
      targets: [
        { teamId: teams.managedTeam.id, percent: "33.3333" },
        { teamId: teams.subTeam.id, percent: "66.6667" },
      ],
    });
    // A second split of the same spend would charge it twice.
    expect(await errorCode(createSplit(actors.admin, { name: "Again", sourceTeamId: null, method: "even", targets: [{ teamId: teams.subTeam.id }] }))).toBe("conflict");

    const report = await chargeback(actors.finance, { from: MONTHS[0], to: MONTHS[1] });
    expect(report.months).toEqual(MONTHS);
    const find = (teamId: string | null, month: string) => report.rows.find((row) => row.teamId === teamId && row.month === month);
    for (const month of MONTHS) {
      const direct = await explore(actors.finance, { from: `${month}-01`, to: monthEnd(month), groupBy: ["team"], compare: false });
      const support = find(teams.managedTeam.id, month)!;
      const legal = find(teams.otherTeam.id, month)!;
      const unattributed = find(null, month)!;
      const tier1 = find(teams.subTeam.id, month)!;
      // Direct spend is the explorer's in cents (within a cent each), adding up to the explorer's month total.
      const exactOf = (teamId: string | null) => direct.rows.find((row) => row.group[0]!.value === teamId)?.value ?? "0";
      for (const [row, teamId] of [[support, teams.managedTeam.id], [legal, teams.otherTeam.id], [unattributed, null]] as const) {
        expect(new Decimal(row.direct).minus(exactOf(teamId)).abs().lt("0.01")).toBe(true);
      }
      expect(tier1.direct).toBe("0.00");
      // Unattributed spend is shared out whole, in proportion to Support's and Legal's direct spend.
      expect(unattributed.sharedOut).toBe(new Decimal(unattributed.direct).negated().toFixed(2));
      expect(unattributed.total).toBe("0.00");
      const pool = new Decimal(unattributed.direct);
      const supportShare = pool.times(support.direct).dividedBy(new Decimal(support.direct).plus(legal.direct));
      const legalFixed = new Decimal(legal.direct).times("0.333333");
      // Each part is within a cent of its exact share; the parts add up to the whole.
      expect(new Decimal(support.sharedIn).minus(supportShare).minus(legalFixed).abs().lte("0.02")).toBe(true);
      expect(new Decimal(tier1.sharedIn).minus(new Decimal(legal.direct).times("0.666667")).abs().lte("0.01")).toBe(true);
      expect(legal.sharedOut).toBe(new Decimal(legal.direct).negated().toFixed(2));
      const monthRows = report.rows.filter((row) => row.month === month);
      expect(sum(monthRows.map((row) => row.sharedIn)).plus(sum(monthRows.map((row) => row.sharedOut))).toFixed(2)).toBe("0.00");
      for (const row of monthRows) expect(new Decimal(row.direct).plus(row.sharedIn).plus(row.sharedOut).toFixed(2)).toBe(row.total);
      // Month totals: the sum of the rows, and the charged total equals the direct total (shares move, never create).
      const totals = report.monthTotals.find((entry) => entry.month === month)!;
      expect(totals.total).toBe(sum(monthRows.map((row) => row.total)).toFixed(2));
      expect(totals.total).toBe(totals.direct);
      expect(totals.direct).toBe(cents(direct.total.value));
    }
    expect(report.total.total).toBe(sum(report.rows.map((row) => row.total)).toFixed(2));
    expect(find(teams.managedTeam.id, MONTHS[0])!.costCenter).toBe("CC-100");

    // The manager sees the rows of Support and Support Tier 1 only, with the same figures.
    const managed = await chargeback(actors.manager, { from: MONTHS[0], to: MONTHS[1] });
    expect(new Set(managed.rows.map((row) => row.teamId))).toEqual(new Set([teams.managedTeam.id, teams.subTeam.id]));
    for (const row of managed.rows) expect(row).toEqual(find(row.teamId, row.month));

    // CSV: a row per team and month, the same figures, text cells neutralized against formulas.
    const records = parse(chargebackCsv(report), { columns: true }) as Record<(typeof CHARGEBACK_CSV_HEADER)[number], string>[];
    expect(records).toHaveLength(report.rows.length);
    expect(sum(records.map((record) => record.Total)).toFixed(2)).toBe(report.total.total);
    const legalRow = records.find((record) => record["Team ID"] === teams.otherTeam.id)!;
    expect(legalRow.Team).toBe("'=Legal");
    expect(legalRow["Cost center"]).toBe("'+CC-200");
    expect(legalRow["Shared out"].startsWith("-")).toBe(true);

    expect(await errorCode(chargeback(actors.finance, { from: MONTHS[1], to: MONTHS[0] }))).toBe("validation_failed");
    expect(await errorCode(chargeback(actors.finance, { from: "2020-01", to: "2024-01" }))).toBe("validation_failed");
  });

  it("shows another organization nothing of this one", async () => {
    await seed();
    const other = await createOrgWithPeople();
    const report = await chargeback(other.actors.admin, { from: MONTHS[0], to: MONTHS[1] });
    expect(report.rows).toEqual([]);
    expect(report.total.total).toBe("0.00");
  });
});

describe("reconciliation", () => {
  it("compares the bill with the estimate of the billed days, per provider and month, down to model and day", async () => {
    const { actors } = await seed();
    const report = await reconciliation(actors.finance, { from: MONTHS[0], to: MONTHS[1] });
    const openai = report.rows.filter((row) => row.provider === "openai");
    expect(openai.map((row) => row.month)).toEqual(MONTHS);
    const [first, second] = openai as [(typeof openai)[0], (typeof openai)[0]];
    // Ten billed days in the first month, 1.23456789 + 0.5 a day.
    expect(first.billed).toBe(cents(new Decimal("1.73456789").times(10)));
    expect(first.billedDays).toBe(10);
    const billedDays = await explore(actors.finance, { from: dayOf(3), to: dayOf(12), metric: "estimated", compare: false });
    expect(first.estimatedOnBilledDays).toBe(cents(billedDays.total.value));
    expect(first.difference).toBe(new Decimal(first.billed!).minus(first.estimatedOnBilledDays).toFixed(2));
    expect(first.status).toBe("differs");
    const wholeMonth = await explore(actors.finance, { from: `${MONTHS[0]}-01`, to: monthEnd(first.month), metric: "estimated", compare: false });
    expect(first.estimated).toBe(cents(wholeMonth.total.value));
    // No bill in the second month: nothing is compared, nothing is guessed.
    expect(second.billed).toBeNull();
    expect(second.difference).toBeNull();
    expect(second.status).toBe("no_billing");

    const drill = await reconciliationDrill(actors.finance, { provider: "openai", month: MONTHS[0] });
    const { provider: _provider, month: _month, key: _key, label: _label, ...figures } = first;
    expect(drill.total).toMatchObject(figures);
    expect(drill.byDay.filter((entry) => entry.billed !== null).map((entry) => entry.key)).toEqual(Array.from({ length: 10 }, (_, index) => dayOf(index + 3)));
    expect(sum(drill.byDay.map((entry) => entry.billed ?? "0")).toFixed(2)).toBe(first.billed);
    expect(drill.byModel.map((entry) => entry.key)).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-4o", "gpt-4.1"]));
    // The bill's dated model names and the usage's meet under the catalog's name: one line with both figures.
    expect(drill.byModel.map((entry) => entry.key).filter((key) => /\d{4}-\d{2}-\d{2}$/.test(key))).toEqual([]);
    const mini = drill.byModel.find((entry) => entry.key === "gpt-4o-mini")!;
    expect(mini.billed).toBe(cents(new Decimal("1.23456789").times(10)));
    expect(new Decimal(mini.estimated).gt(0)).toBe(true);

    // Finance and admins only.
    expect(await errorCode(reconciliation(actors.manager, { from: MONTHS[0], to: MONTHS[1] }))).toBe("forbidden");
    expect(await errorCode(reconciliationDrill(actors.manager, { provider: "openai", month: MONTHS[0] }))).toBe("forbidden");
  });
});

describe("FOCUS export for a caller", () => {
  it("streams a valid FOCUS 1.2 file of the organization's ledger for finance, and refuses managers", async () => {
    const { actors, teams } = await seed();
    const { stream, filename } = focusExportFor(actors.finance, { from: MONTHS[0] + "-01", to: lastDay });
    expect(filename).toBe(`focus-1.2-${MONTHS[0]}-01-to-${lastDay}.csv`);
    const csv = await text(stream);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    const validation = validateFocusDataset(Object.keys(records[0]!), records);
    expect(validation.violations).toEqual([]);
    expect(records.some((record) => record.x_TeamId === teams.managedTeam.id)).toBe(true);
    const ledger = await db.usageRecord.count({ where: { orgId: actors.finance.org.id } });
    expect(records).toHaveLength(ledger);
    expect(() => focusExportFor(actors.manager, { from: MONTHS[0] + "-01", to: lastDay })).toThrow(/may not/);
    expect(() => focusExportFor(actors.finance, { from: "2025-02-30", to: lastDay })).toThrow();
  });
});
