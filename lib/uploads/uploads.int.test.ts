import { createReadStream, existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readFixture } from "@/lib/ingest/formats/map-fixture";
import { deleteUpload, createUpload } from "@/lib/uploads/mutations";
import { processUpload } from "@/lib/uploads/process-upload";
import { getUpload, listUploads, uploadErrorsCsv } from "@/lib/uploads/queries";
import { storeUpload, uploadDirectory } from "@/lib/uploads/storage";
import { createOrgWithPeople, errorCode } from "@/test/factories";
import { assertRollupsMatchFacts, ledgerTotals } from "@/test/ledger";

const SAMPLE = path.resolve(import.meta.dirname, "../../test/samples/focus-1.0-official/focus_sample.csv");
const AI_SAMPLE = path.resolve(import.meta.dirname, "../../test/samples/focus-draft-ai-examples/ai_prompt_caching_a.csv");

/** Runs the import in the foreground, as the background job would. */
async function upload(actor: Parameters<typeof createUpload>[0], body: Readable | string, options: Record<string, unknown> = {}, filename = "export.csv") {
  let id = "";
  await createUpload(actor, { body: typeof body === "string" ? Readable.from([Buffer.from(body)]) : body, filename, options }, (uploadId) => (id = uploadId));
  await processUpload(id);
  return getUpload(actor, id);
}

describe("uploads", () => {
  it("imports a file, reports rows, period and totals by currency, and recognises the same file uploaded again", async () => {
    const { actors, org } = await createOrgWithPeople();
    const first = await upload(actors.admin, createReadStream(SAMPLE), {}, "focus_sample.csv");
    expect(first).toMatchObject({
      status: "completed",
      format: "focus",
      formatLabel: "FOCUS (1.0–1.3)",
      rowsRead: 1000,
      rowsImported: 1000,
      rowsRejected: 0,
      progress: 1,
      duplicateOf: null,
      uploadedBy: actors.admin.email,
    });
    const totals = await ledgerTotals(org.id);
    expect(first.totals).toEqual({ USD: { billed: totals.billed, estimated: "0", records: 1000, billedRecords: 1000 } });
    expect(first.periodStart).toBe("2024-09-01T00:00:00.000Z");

    const second = await upload(actors.admin, createReadStream(SAMPLE), {}, "focus_sample (1).csv");
    expect(second.duplicateOf?.id).toBe(first.id);
    expect(await ledgerTotals(org.id)).toEqual(totals);
    expect((await listUploads(actors.finance)).map((row) => row.id)).toEqual([second.id, first.id]);
    // The stored file is gone once imported.
    expect((await readdir(uploadDirectory())).filter((name) => name.startsWith(first.id))).toEqual([]);
  });

  it("keeps a rejected file's every error, downloadable as CSV with formulas neutralised, and the ledger untouched", async () => {
    const { actors, org } = await createOrgWithPeople();
    const header = "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName";
    const bad = Array.from({ length: 30 }, (_, index) => `=HYPERLINK(${index}),USD,2025-01-01,2025-01-02,Usage,AWS,S3`);
    const result = await upload(actors.admin, [header, "1,USD,2025-01-01,2025-01-02,Usage,AWS,S3", ...bad].join("\n"));
    expect(result).toMatchObject({ status: "failed", rowsRead: 31, rowsRejected: 30, rowsImported: 0, errorCount: 30 });
    expect(result.firstErrors).toHaveLength(10);
    expect(result.firstErrors[0]).toEqual({ rowNumber: 2, column: "BilledCost", value: "=HYPERLINK(0)", reason: "is not a number" });
    expect(await db.usageRecord.count({ where: { orgId: org.id } })).toBe(0);

    const { stream, filename } = await uploadErrorsCsv(actors.finance, result.id);
    const csv = await new Response(stream).text();
    const lines = csv.trim().split("\n");
    expect(filename).toBe("export-errors.csv");
    expect(lines[0]).toBe("row,column,value,reason");
    expect(lines).toHaveLength(31);
    expect(lines[1]).toBe("2,BilledCost,'=HYPERLINK(0),is not a number");
  });

  it("deletes exactly one upload's contribution, audited, leaving the others", async () => {
    const { actors, org } = await createOrgWithPeople();
    const a = await upload(actors.admin, createReadStream(SAMPLE));
    const afterA = await ledgerTotals(org.id);
    const b = await upload(actors.admin, createReadStream(AI_SAMPLE));
    const bOnly = await ledgerTotals(org.id, { uploadId: b.id });
    expect(bOnly.records).toBe(4);

    expect(await errorCode(deleteUpload(actors.finance, a.id))).toBe("forbidden");
    const removed = await deleteUpload(actors.admin, b.id);
    expect(removed.records).toBe(4);
    expect(await ledgerTotals(org.id)).toEqual(afterA);
    await assertRollupsMatchFacts(org.id);
    expect((await getUpload(actors.admin, b.id)).deletedAt).not.toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "upload.delete", entityId: b.id } });
    expect(audit.before).toMatchObject({ records: 4, totals: { USD: { billed: bOnly.billed, records: 4 } } });
    expect(await errorCode(deleteUpload(actors.admin, b.id))).toBe("conflict");
  });

  it("lets only admins upload, and keeps tenants apart", async () => {
    const a = await createOrgWithPeople();
    const b = await createOrgWithPeople();
    expect(await errorCode(createUpload(a.actors.finance, { body: Readable.from(["x"]), filename: "x.csv", options: {} }))).toBe("forbidden");
    expect(await errorCode(createUpload(a.actors.manager, { body: Readable.from(["x"]), filename: "x.csv", options: {} }))).toBe("forbidden");
    const mine = await upload(a.actors.admin, createReadStream(AI_SAMPLE));
    expect(await errorCode(getUpload(b.actors.admin, mine.id))).toBe("not_found");
    expect(await errorCode(deleteUpload(b.actors.admin, mine.id))).toBe("not_found");
    expect(await listUploads(b.actors.admin)).toEqual([]);
  });

  it("refuses a file over the size limit and keeps nothing of it", async () => {
    const before = existsSync(uploadDirectory()) ? (await readdir(uploadDirectory())).length : 0;
    const body = Readable.from([Buffer.alloc(600, "a"), Buffer.alloc(600, "b")]);
    expect(await errorCode(storeUpload(body, 1000))).toBe("payload_too_large");
    expect((await readdir(uploadDirectory())).length).toBe(before);
  });

  it("skips invalid rows on request and says which", async () => {
    const { actors, org } = await createOrgWithPeople();
    const { headers, rows } = readFixture(AI_SAMPLE);
    const broken: Record<string, string> = { ...rows[0]!, BilledCost: "-", SkuId: "broken-row" };
    const csv = stringify([headers, ...[rows[0]!, broken, ...rows.slice(1)].map((row) => headers.map((header) => row[header] ?? ""))]);
    const result = await upload(actors.admin, csv, { mode: "skip-invalid" });
    expect(result).toMatchObject({ status: "completed", rowsRead: 5, rowsImported: 4, rowsSkipped: 1, errorCount: 1 });
    expect(result.firstErrors).toEqual([{ rowNumber: 2, column: "BilledCost", value: "-", reason: "is not a number" }]);
    expect((await ledgerTotals(org.id)).records).toBe(4);
  });
});
