import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { DEMO_SERVER } from "../playwright.config";
import { focusExport } from "./usage-files";
import { createOrganization, createToken, waitForUpload, type Upload } from "./fixtures";

test.describe("uploads over the REST API", () => {
  test("a raw CSV body is accepted with 202, imported, and re-uploading it does not double", async ({ request }) => {
    const { organization, admin } = await createOrganization();
    const { secret } = await createToken(organization.id, admin.id, ["uploads:write", "spend:read"]);
    const headers = { Authorization: `Bearer ${secret}` };
    const body = focusExport(500);

    const created = await request.post("/api/v1/uploads?filename=june.csv", { headers: { ...headers, "Content-Type": "text/csv" }, data: body });
    expect(created.status()).toBe(202);
    const { upload } = (await created.json()) as { upload: Upload };
    expect(["pending", "processing", "completed"]).toContain(upload.status);
    expect(await waitForUpload(request, upload.id, headers)).toMatchObject({ status: "completed", rowsImported: 500, totals: { USD: { billed: "5" } } });

    const again = await request.post("/api/v1/uploads?filename=june-again.csv", { headers: { ...headers, "Content-Type": "text/csv" }, data: body });
    const second = await waitForUpload(request, ((await again.json()) as { upload: Upload }).upload.id, headers);
    expect(second.duplicateOf?.id).toBe(upload.id);
    const spend = await request.get("/api/v1/spend?from=2025-06-01&to=2025-06-30", { headers });
    expect(((await spend.json()) as { totals: { cost: string }[] }).totals).toMatchObject([{ cost: "5" }]);
  });

  test("multipart and gzip uploads work; previews import nothing", async ({ request }) => {
    const { organization, admin } = await createOrganization();
    const { secret } = await createToken(organization.id, admin.id, ["all"]);
    const headers = { Authorization: `Bearer ${secret}` };

    const preview = await request.post("/api/v1/uploads/preview", { headers, multipart: { file: { name: "june.csv", mimeType: "text/csv", buffer: Buffer.from(focusExport(30)) } } });
    expect(preview.status()).toBe(200);
    const { preview: result } = (await preview.json()) as { preview: { format: string; rows: unknown[] } };
    expect(result.format).toBe("focus");
    expect(result.rows).toHaveLength(20);
    expect(((await (await request.get("/api/v1/uploads", { headers })).json()) as { uploads: unknown[] }).uploads).toEqual([]);

    const multipart = await request.post("/api/v1/uploads", {
      headers,
      multipart: { mode: "skip-invalid", file: { name: "june.csv.gz", mimeType: "application/gzip", buffer: gzipSync(focusExport(100, { badRowAt: 7 })) } },
    });
    expect(multipart.status()).toBe(202);
    const done = await waitForUpload(request, ((await multipart.json()) as { upload: Upload }).upload.id, headers);
    expect(done).toMatchObject({ status: "completed", rowsImported: 99, totals: { USD: { billed: "0.99" } } });
    const errors = await request.get(`/api/v1/uploads/${(done as Upload).id}/errors`, { headers });
    expect(errors.headers()["content-type"]).toContain("text/csv");
    expect((await errors.text()).trim().split("\n")).toEqual(["row,column,value,reason", "7,BilledCost,one cent,is not a number"]);

    const removed = await request.delete(`/api/v1/uploads/${done.id}`, { headers });
    expect(removed.status()).toBe(200);
    expect(((await removed.json()) as { removed: { records: number } }).removed.records).toBe(99);
  });

  test("bad requests get the right status and a clear message", async ({ request }) => {
    const { organization, admin, members } = await createOrganization(["FINANCE"]);
    const { secret } = await createToken(organization.id, admin.id, ["all"]);
    const headers = { Authorization: `Bearer ${secret}` };
    const finance = await createToken(organization.id, members[1]!.id, ["all"]);

    const forbidden = await request.post("/api/v1/uploads", { headers: { Authorization: `Bearer ${finance.secret}`, "Content-Type": "text/csv" }, data: focusExport(1) });
    expect(forbidden.status()).toBe(403);
    const unsupported = await request.post("/api/v1/uploads", { headers: { ...headers, "Content-Type": "application/json" }, data: "{}" });
    expect(unsupported.status()).toBe(415);
    const noFile = await request.post("/api/v1/uploads", { headers, multipart: { mode: "strict" } });
    expect(noFile.status()).toBe(400);
    expect(((await noFile.json()) as { error: { message: string } }).error.message).toBe("The multipart body has no `file` field.");

    const empty = await request.post("/api/v1/uploads?filename=empty.csv", { headers: { ...headers, "Content-Type": "text/csv" }, data: "" });
    const failed = await waitForUpload(request, ((await empty.json()) as { upload: Upload }).upload.id, headers);
    expect(failed).toMatchObject({ status: "failed", message: "The file is empty." });

    const unknown = await request.post("/api/v1/uploads?filename=x.csv", { headers: { ...headers, "Content-Type": "text/csv" }, data: "a,b\n1,2\n" });
    expect((await waitForUpload(request, ((await unknown.json()) as { upload: Upload }).upload.id, headers)).message).toContain("Columns seen: a, b.");

    const badMode = await request.post("/api/v1/uploads?mode=lenient", { headers: { ...headers, "Content-Type": "text/csv" }, data: focusExport(1) });
    expect(badMode.status()).toBe(400);
    const badSpend = await request.get("/api/v1/spend?from=2025-01-01&to=2024-01-01", { headers });
    expect(badSpend.status()).toBe(400);
  });

  test("a file over the upload limit gets 413 and leaves nothing behind", async ({ request }) => {
    // The second test server runs with a 1 MB limit (playwright.config.ts).
    const { organization, admin } = await createOrganization();
    const { secret } = await createToken(organization.id, admin.id, ["all"]);
    const headers = { Authorization: `Bearer ${secret}` };
    const big = focusExport(20_000);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const response = await request.post(`${DEMO_SERVER}/api/v1/uploads?filename=big.csv`, { headers: { ...headers, "Content-Type": "text/csv" }, data: big });
    expect(response.status()).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "The file is larger than the 1 MB upload limit. Split it by month, or compress it with gzip.",
    );
    expect(((await (await request.get(`${DEMO_SERVER}/api/v1/uploads`, { headers })).json()) as { uploads: unknown[] }).uploads).toEqual([]);
  });
});
