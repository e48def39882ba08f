import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ingestCsv } from "@/lib/ingest/pipeline";
import { pool } from "@/lib/pg";
import { createOrg } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";

// Every kind of bad input the uploads page promises to explain, each against a ledger that already holds one
// import: the message says what and where, and the ledger is exactly as it was.

const USAGE_HEADER = "usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed";
const usageRow = (day: string, input: string, output = "500") => `${day},claude-sonnet-4-5-20250929,key-a,Support,standard,≤ 200k,${input},0,0,0,${output},0,not_available,`;
const FOCUS_HEADER = "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName";

function ingest(orgId: string, body: string | Buffer) {
  return ingestCsv({
    pool,
    orgId,
    timeZone: "UTC",
    openInput: () => Readable.from([Buffer.from(body)]),
    mode: "strict",
    source: { kind: "UPLOAD", uploadId: null, connectionId: null, ref: null },
  });
}

const CASES: [string, string | Buffer, string | RegExp, { row: number; column: string | null; value: string | null; reason: string }?][] = [
  ["an empty file", "", "The file is empty."],
  ["a header only", `${USAGE_HEADER}\n`, "The file has a header but no rows."],
  ["binary content", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), "This is not a CSV file: it contains binary data."],
  ["mixed encodings", Buffer.concat([Buffer.from(`${USAGE_HEADER}\n2026-01-05,claude,caf`), Buffer.from([0xe9]), Buffer.from(",x\n")]), /^The file is not UTF-8 text/],
  ["an unknown format", "when,what\n2026-01-01,x\n", /Supported: .*Columns seen: when, what\./],
  ["a ragged row", `${USAGE_HEADER}\n2026-01-05,claude-sonnet-4-5\n`, /rows are invalid/, { row: 1, column: null, value: null, reason: "has 2 columns; the header has 14" }],
  ["a non-numeric token count", `${USAGE_HEADER}\n${usageRow("2026-01-05", "12k")}\n`, /rows are invalid/, { row: 1, column: "usage_input_tokens_no_cache", value: "12k", reason: "is not a number" }],
  ["a negative token count", `${USAGE_HEADER}\n${usageRow("2026-01-05", "-40")}\n`, /rows are invalid/, { row: 1, column: "usage_input_tokens_no_cache", value: "-40", reason: "is negative; counts cannot be" }],
  ["a date in the future", `${USAGE_HEADER}\n${usageRow("2099-01-05", "40")}\n`, /rows are invalid/, { row: 1, column: "usage_date_utc", value: "2099-01-05T00:00:00.000Z", reason: "is in the future" }],
  ["an unknown currency", `${FOCUS_HEADER}\n1.00,XBT,2026-01-01,2026-01-02,Usage,AWS,S3\n`, /rows are invalid/, { row: 1, column: "BillingCurrency", value: "XBT", reason: "is not an ISO 4217 currency code" }],
  ["a truncated gzip", gzipSync(`${USAGE_HEADER}\n${Array.from({ length: 500 }, () => usageRow("2026-01-05", "40")).join("\n")}`).subarray(0, 300), "The gzip file is truncated or corrupt; nothing was imported. Upload the complete file."],
  ["an unclosed quote", `${USAGE_HEADER}\n${usageRow("2026-01-05", "40")}\n"2026-01-06,claude\n`, "The CSV is malformed at row 2: a quoted field is never closed."],
];

describe("bad input", () => {
  it.each(CASES)("%s gets a clear message and leaves the ledger as it was", async (_name, body, message, firstError) => {
    const org = await createOrg();
    const good = await ingest(org.id, `${USAGE_HEADER}\n${usageRow("2026-01-02", "1000")}\n${usageRow("2026-01-03", "2000")}\n`);
    expect(good.status).toBe("completed");
    const before = await ledgerTotals(org.id);

    const result = await ingest(org.id, body);
    expect(result.status).toBe("failed");
    if (typeof message === "string") expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
    if (firstError) {
      const { rowNumber, ...issue } = result.errors[0]!;
      expect({ row: rowNumber, ...issue }).toEqual(firstError);
    }
    expect(await ledgerTotals(org.id)).toEqual(before);
    await assertRollupsMatchFacts(org.id);
  });

  it("reads semicolons, tabs, CRLF and quoted newlines, and keeps credits and refunds as negative costs", async () => {
    const org = await createOrg();
    const semicolons = `${FOCUS_HEADER.replaceAll(",", ";")}\r\n"2,50";USD;2026-01-01;2026-01-02;Usage;AWS;S3\r\n`;
    // A comma decimal in a semicolon file is named as such rather than guessed.
    expect((await ingest(org.id, semicolons)).errors[0]?.reason).toBe("is not a number (use a dot as the decimal separator)");
    const tabs = `${FOCUS_HEADER.replaceAll(",", "\t")}\n2.50\tUSD\t2026-01-01\t2026-01-02\tUsage\tAWS\t"Amazon\nS3"\n-1.25\tUSD\t2026-01-01\t2026-01-02\tCredit\tAWS\tAmazon S3\n-0.25\tUSD\t2026-01-01\t2026-01-02\tRefund\tAWS\tAmazon S3\n`;
    const result = await ingest(org.id, tabs);
    expect(result).toMatchObject({ status: "completed", rowsImported: 3 });
    expect((await ledgerTotals(org.id)).billed).toBe("1");
    const { rows } = await pool.query<{ category: string; billed: string; service: string }>(
      `SELECT "chargeCategory" AS category, "billedCost"::text AS billed, service FROM usage_record WHERE "orgId" = $1 ORDER BY "billedCost"`,
      [org.id],
    );
    expect(rows.map((row) => [row.category, Number(row.billed), row.service])).toEqual([
      ["CREDIT", -1.25, "Amazon S3"],
      ["REFUND", -0.25, "Amazon S3"],
      ["USAGE", 2.5, "Amazon\nS3"],
    ]);
  });

  it("keeps rollups exact when their sums are written in parts during a long import", async () => {
    const org = await createOrg();
    const rows = Array.from({ length: 40 }, (_, index) => usageRow(`2026-01-${String((index % 28) + 1).padStart(2, "0")}`, String(100 + index)).replace("key-a", `key-${index % 3}`));
    const result = await ingestCsv({
      pool,
      orgId: org.id,
      timeZone: "UTC",
      openInput: () => Readable.from([Buffer.from([USAGE_HEADER, ...rows].join("\n"))]),
      mode: "strict",
      source: { kind: "UPLOAD", uploadId: null, connectionId: null, ref: null },
      rollupFlushEvery: 3,
    });
    expect(result).toMatchObject({ status: "completed", rowsImported: 40 });
    await assertRollupsMatchFacts(org.id);
  });

  it("an export overlapping an earlier one updates the overlap in place and adds the rest", async () => {
    const org = await createOrg();
    const days = (from: number, to: number, input: string) =>
      Array.from({ length: to - from + 1 }, (_, index) => usageRow(`2026-01-${String(from + index).padStart(2, "0")}`, input, "0"));
    await ingest(org.id, [USAGE_HEADER, ...days(1, 10, "100")].join("\n"));
    expect((await ledgerTotals(org.id)).tokens).toBe(1000);
    // Days 5–10 again (revised upwards), and days 11–15 new.
    const overlap = await ingest(org.id, [USAGE_HEADER, ...days(5, 15, "150")].join("\n"));
    expect(overlap.status).toBe("completed");
    expect(await ledgerTotals(org.id)).toMatchObject({ records: 15, tokens: 4 * 100 + 11 * 150 });
    await assertRollupsMatchFacts(org.id);
  });
});
