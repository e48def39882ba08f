import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readFixture } from "@/lib/ingest/formats/map-fixture";
import { ingestCsv, type IngestMode } from "@/lib/ingest/pipeline";
import { pool } from "@/lib/pg";
import { createOrg } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";

const SAMPLES = path.resolve(import.meta.dirname, "../../test/samples");

async function ingest(orgId: string, input: string | Buffer, mode: IngestMode = "strict") {
  const openInput = () => (typeof input === "string" && input.startsWith("/") ? createReadStream(input) : Readable.from([Buffer.from(input)]));
  return ingestCsv({ pool, orgId, timeZone: "UTC", openInput, mode, source: { kind: "UPLOAD", uploadId: null, connectionId: null, ref: null } });
}

function sourceSum(file: string, column: string, where: (row: Record<string, string>) => boolean): string {
  return readFixture(file)
    .rows.filter(where)
    .reduce((sum, row) => sum.plus(row[column] === "NULL" ? 0 : row[column]!), new Decimal(0))
    .toFixed();
}

describe("the ingest pipeline", () => {
  it("imports the official FOCUS sample with exact totals per provider, and re-importing does not double", async () => {
    const org = await createOrg();
    const file = path.join(SAMPLES, "focus-1.0-official/focus_sample.csv");
    const first = await ingest(org.id, file);
    expect(first).toMatchObject({ status: "completed", format: "focus", rowsRead: 1000, rowsImported: 1000, rowsRejected: 0 });
    for (const [provider, name] of [["aws", "AWS"], ["microsoft", "Microsoft"], ["oracle", "Oracle"]] as const) {
      const totals = await ledgerTotals(org.id, { provider });
      expect(totals.billed, provider).toBe(sourceSum(file, "BilledCost", (row) => row.ProviderName === name));
    }
    const all = await ledgerTotals(org.id);
    expect(all.billed).toBe(sourceSum(file, "BilledCost", () => true));
    expect(first.totals.USD!.billed).toBe(all.billed);
    await assertRollupsMatchFacts(org.id);

    const again = await ingest(org.id, file);
    expect(again.status).toBe("completed");
    expect(await ledgerTotals(org.id)).toEqual(all);
    await assertRollupsMatchFacts(org.id);
  });

  it("rejects a file with a bad row completely and reports every problem with row, column and value", async () => {
    const org = await createOrg();
    const csv = [
      "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName",
      "1.50,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,Usage,AWS,Amazon Bedrock",
      "abc,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,Usage,AWS,Amazon Bedrock",
      "2.00,EURO,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,Usage,AWS,Amazon S3",
      "3.00,USD,2099-01-01T00:00:00Z,2099-01-02T00:00:00Z,Usage,AWS,Amazon S3",
    ].join("\n");
    const result = await ingest(org.id, csv);
    expect(result.status).toBe("failed");
    expect(result.message).toBe("3 of 4 rows are invalid, so nothing was imported. Fix them, or import again skipping invalid rows.");
    expect(result.errors).toEqual([
      { rowNumber: 2, column: "BilledCost", value: "abc", reason: "is not a number" },
      { rowNumber: 3, column: "BillingCurrency", value: "EURO", reason: "is not an ISO 4217 currency code" },
      { rowNumber: 4, column: "ChargePeriodStart", value: "2099-01-01T00:00:00.000Z", reason: "is in the future" },
    ]);
    expect(await db.usageRecord.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.dailyUsage.count({ where: { orgId: org.id } })).toBe(0);

    const skipping = await ingest(org.id, csv, "skip-invalid");
    expect(skipping).toMatchObject({ status: "completed", rowsImported: 1, rowsSkipped: 3 });
    expect((await ledgerTotals(org.id)).billed).toBe("1.5");
  });

  it("reads gzip, semicolons and ragged rows, and leaves the ledger untouched on a truncated gzip", async () => {
    const org = await createOrg();
    const header = "BilledCost;BillingCurrency;ChargePeriodStart;ChargePeriodEnd;ChargeCategory;ProviderName;ServiceName";
    const rows = Array.from({ length: 2000 }, (_, index) => `0.01;USD;2025-02-01T${String(index % 24).padStart(2, "0")}:00:00Z;2025-02-01T${String((index % 24) + 1).padStart(2, "0")}:00:00Z;Usage;AWS;Service ${index}`);
    const gz = gzipSync([header, ...rows].join("\n"));
    const truncated = await ingest(org.id, gz.subarray(0, gz.length - 40));
    expect(truncated).toMatchObject({ status: "failed", message: "The gzip file is truncated or corrupt; nothing was imported. Upload the complete file." });
    expect(await db.usageRecord.count({ where: { orgId: org.id } })).toBe(0);

    const complete = await ingest(org.id, gz);
    expect(complete).toMatchObject({ status: "completed", rowsImported: 2000 });
    expect((await ledgerTotals(org.id)).billed).toBe("20");

    const ragged = await ingest(org.id, `${header}\n0.01;USD;2025-02-01;2025-02-02;Usage;AWS\n`);
    expect(ragged.errors).toEqual([{ rowNumber: 1, column: null, value: null, reason: "has 6 columns; the header has 7" }]);
  });

  it("explains an unknown format by listing what it supports and what it saw", async () => {
    const org = await createOrg();
    const result = await ingest(org.id, "when,what,howmuch\n2025-01-01,thing,3\n");
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/^This file's format is not one TokenLedger reads\. Supported: OpenAI.*Anthropic.*FOCUS.*AWS.*Azure.*Google/);
    expect(result.message).toContain("Columns seen: when, what, howmuch.");
    expect((await ingest(org.id, "")).message).toBe("The file is empty.");
    expect((await ingest(org.id, "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName\n")).message).toBe(
      "The file has a header but no rows.",
    );
  });

  it("sums rows of one file that share a natural key, so nothing is lost or doubled", async () => {
    const org = await createOrg();
    const csv = [
      "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName",
      "1.25,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Usage,AWS,Amazon S3",
      "1.25,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Usage,AWS,Amazon S3",
      "-0.50,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Credit,AWS,Amazon S3",
    ].join("\n");
    const result = await ingest(org.id, csv);
    expect(result.status).toBe("completed");
    expect(result.recordsWritten).toBe(2);
    expect((await ledgerTotals(org.id)).billed).toBe("2");
    await ingest(org.id, csv);
    expect((await ledgerTotals(org.id)).billed).toBe("2");
    await assertRollupsMatchFacts(org.id);
  });
});
