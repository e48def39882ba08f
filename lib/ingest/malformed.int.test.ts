import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ingestCsv } from "@/lib/ingest/pipeline";
import { pool } from "@/lib/pg";
import { createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { getUpload } from "@/lib/uploads/queries";
import { createOrgWithPeople } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";

// The malformed-CSV corpus (test/corpus/malformed/, made by its generate.ts) through the real upload pipeline:
// each file is stored, imported as the background job would, and answered with a clear message that says what
// is wrong and where, while the ledger, which already holds a good import, stays exactly as it was.
// lib/ingest/bad-input.int.test.ts covers the rest (empty, header only, zip content, a stray Latin-1 byte,
// unknown format, ragged and negative values, future dates, unknown currencies, truncated gzip, unclosed quote).

const CORPUS = path.resolve(import.meta.dirname, "../../test/corpus/malformed");
const HEADER =
  "usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed";
const row = (day: string, input: string, workspace = "Support") => `${day},claude-sonnet-4-5-20250929,key-a,${workspace},standard,≤ 200k,${input},0,0,0,500,0,not_available,`;

type Actor = Awaited<ReturnType<typeof createOrgWithPeople>>["actors"]["admin"];

async function upload(actor: Actor, body: Buffer | string, filename: string, options: Record<string, unknown> = {}) {
  let id = "";
  await createUpload(actor, { body: Readable.from([Buffer.from(body)]), filename, options }, (uploadId) => (id = uploadId));
  await processUpload(id);
  return getUpload(actor, id);
}

/** An organization whose ledger already holds one good import, and a check that it is unchanged. */
async function withLedger() {
  const { actors, org } = await createOrgWithPeople();
  const good = await upload(actors.admin, `${HEADER}\n${row("2026-01-02", "1000")}\n${row("2026-01-03", "2000")}\n`, "good.csv");
  expect(good.status).toBe("completed");
  const before = await ledgerTotals(org.id);
  const unchanged = async () => {
    expect(await ledgerTotals(org.id)).toEqual(before);
    await assertRollupsMatchFacts(org.id);
  };
  return { actor: actors.admin, org, unchanged };
}

const corpus = (name: string) => readFileSync(path.join(CORPUS, name));

const CASES: [file: string, message: string | RegExp, firstError?: { rowNumber: number; column: string | null; value: string | null; reason: string }][] = [
  ["utf16-bom.csv", "The file is not UTF-8 text (invalid bytes within bytes 0–1116). Export or save it as UTF-8 CSV."],
  ["latin1.csv", /^The file is not UTF-8 text \(invalid bytes within bytes 0–550\)\. Export or save it as UTF-8 CSV\.$/],
  ["truncated-mid-row.csv", /^1 of 4 rows are invalid/, { rowNumber: 4, column: null, value: null, reason: "has 2 columns; the header has 14" }],
  ["truncated-mid-quote.csv", "The CSV is malformed at row 4: a quoted field is never closed."],
  ["truncated-mid-character.csv", "The file ends in the middle of a character (after byte 607): it is truncated or not UTF-8 text. Upload the complete file, saved as UTF-8 CSV."],
  ["wrong-types.csv", /^2 of 4 rows are invalid/, { rowNumber: 2, column: "usage_input_tokens_no_cache", value: "lots", reason: "is not a number" }],
  ["binary-garbage.csv", /^(This is not a CSV file: it contains binary data\.|The file is not UTF-8 text \(invalid bytes within bytes 0–4096\)\. Export or save it as UTF-8 CSV\.)$/],
];

describe("the malformed-CSV corpus, uploaded", () => {
  it.each(CASES)("%s fails with a clear message and leaves the ledger as it was", async (file, message, firstError) => {
    const { actor, unchanged } = await withLedger();
    const result = await upload(actor, corpus(file), file);
    expect(result.status).toBe("failed");
    expect(result.filename).toBe(file);
    if (typeof message === "string") expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
    if (firstError) expect(result.firstErrors[0]).toEqual(firstError);
    expect(result.rowsImported).toBe(0);
    await unchanged();
  });
});

describe("malformed input built in the test", () => {
  it("skips the wrong-typed rows on request, naming each row and column, and imports the rest", async () => {
    const { actor, org } = await withLedger();
    const before = await ledgerTotals(org.id);
    const result = await upload(actor, corpus("wrong-types.csv"), "wrong-types.csv", { mode: "skip-invalid" });
    expect(result).toMatchObject({ status: "completed", rowsRead: 4, rowsImported: 2, rowsSkipped: 2, errorCount: 2 });
    expect(result.firstErrors).toEqual([
      { rowNumber: 2, column: "usage_input_tokens_no_cache", value: "lots", reason: "is not a number" },
      { rowNumber: 4, column: "usage_date_utc", value: "2026-02-30", reason: "is not a date this importer reads (ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)" },
    ]);
    const after = await ledgerTotals(org.id);
    expect(after.records).toBe(before.records + 2);
    expect(after.tokens).toBe(before.tokens + (100 + 500) + (300 + 500));
    await assertRollupsMatchFacts(org.id);
  });

  it("a 5 MB field, in a text column or a number column, is named by row and column", async () => {
    const { actor, unchanged } = await withLedger();
    const huge = "x".repeat(5 * 1024 * 1024);
    const inText = await upload(actor, `${HEADER}\n${row("2026-01-05", "40")}\n${row("2026-01-05", "40", huge)}\n`, "huge-text.csv");
    expect(inText).toMatchObject({ status: "failed", rowsImported: 0, message: "1 of 2 rows are invalid, so nothing was imported. Fix them, or import again skipping invalid rows." });
    expect(inText.firstErrors).toEqual([{ rowNumber: 2, column: "workspace", value: `${"x".repeat(100)}…`, reason: "is longer than 500 characters" }]);
    const inNumber = await upload(actor, `${HEADER}\n${row("2026-01-05", "9".repeat(5 * 1024 * 1024))}\n`, "huge-number.csv");
    expect(inNumber).toMatchObject({ status: "failed", rowsImported: 0 });
    expect(inNumber.firstErrors[0]).toMatchObject({ rowNumber: 1, column: "usage_input_tokens_no_cache" });
    expect(inNumber.firstErrors[0]!.value!.length).toBeLessThanOrEqual(500);
    await unchanged();
  });

  it("a gzip bomb is refused before it fills the disk or the memory", async () => {
    const { org, unchanged } = await withLedger();
    // 20 MB of one repeated row, about 60 KB compressed (a ratio over 300), against limits lowered for the test.
    const bomb = gzipSync(`${HEADER}\n${`${row("2026-01-05", "40")}\n`.repeat(20 * 1024 * 1024 / 80)}`, { level: 9 });
    const result = await ingestCsv({
      pool,
      orgId: org.id,
      timeZone: "UTC",
      openInput: () => Readable.from([bomb]),
      mode: "strict",
      source: { kind: "UPLOAD", uploadId: null, connectionId: null, ref: "bomb.csv.gz" },
      decompression: { ratioFloorBytes: 1024 * 1024, maxCompressionRatio: 200 },
    });
    expect(result.status).toBe("failed");
    expect(result.message).toBe(
      "The gzip file expands more than 200 times its compressed size (past 1 MB); it is refused as a possible decompression bomb. Nothing was imported.",
    );
    await unchanged();
  });
});
