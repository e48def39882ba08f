import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CsvInputError, openCsv, sniffDelimiter } from "@/lib/ingest/csv-source";

async function readAll(input: Buffer | string, chunkSize = 7) {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input, "utf8");
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += chunkSize) chunks.push(buffer.subarray(offset, offset + chunkSize));
  const csv = await openCsv(Readable.from(chunks));
  const rows: string[][] = [];
  for await (const batch of csv.batches) rows.push(...batch);
  return { ...csv, rows };
}

async function failure(input: Buffer | string): Promise<string> {
  try {
    await readAll(input);
  } catch (error) {
    if (error instanceof CsvInputError) return error.message;
    throw error;
  }
  return "no error";
}

describe("openCsv", () => {
  it("reads a plain CSV in small chunks, with quoted newlines, quotes and CRLF", async () => {
    const { headers, rows, delimiter } = await readAll('a,b,c\r\n1,"two\r\nlines",3\r\n4,"say ""hi""",6\r\n');
    expect(delimiter).toBe(",");
    expect(headers).toEqual(["a", "b", "c"]);
    expect(rows).toEqual([
      ["1", "two\r\nlines", "3"],
      ["4", 'say "hi"', "6"],
    ]);
  });

  it("strips a UTF-8 BOM and reads semicolon and tab delimiters", async () => {
    expect((await readAll("\uFEFFx;y\n1;2\n")).headers).toEqual(["x", "y"]);
    expect((await readAll("x;y\n1;2\n")).rows).toEqual([["1", "2"]]);
    expect((await readAll("x\ty\n1\t2\n")).rows).toEqual([["1", "2"]]);
  });

  it("decompresses gzip by its content, not its name", async () => {
    const { rows, compressed } = await readAll(gzipSync("h1,h2\nv1,v2\n"), 5);
    expect(compressed).toBe(true);
    expect(rows).toEqual([["v1", "v2"]]);
  });

  it("explains empty, binary, non-UTF-8, truncated gzip and malformed input", async () => {
    expect(await failure("")).toBe("The file is empty.");
    expect(await failure("\n\n")).toBe("The file is empty.");
    expect(await failure(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]))).toBe("This is not a CSV file: it contains binary data.");
    expect(await failure(Buffer.concat([Buffer.from("name,city\nJos"), Buffer.from([0xe9]), Buffer.from(",Paris\n")]))).toMatch(/^The file is not UTF-8 text/);
    const gz = gzipSync("a,b\n" + "1,2\n".repeat(1000));
    expect(await failure(gz.subarray(0, gz.length - 20))).toBe("The gzip file is truncated or corrupt; nothing was imported. Upload the complete file.");
    expect(await failure('a,b\n1,2\n3,"unterminated\n')).toBe("The CSV is malformed at row 2: a quoted field is never closed.");
  });

  it("sniffs the delimiter outside quotes", () => {
    expect(sniffDelimiter('"a;b",c,d')).toBe(",");
    expect(sniffDelimiter("a;b;c")).toBe(";");
    expect(sniffDelimiter("single")).toBe(",");
  });
});
