import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvInputError, openCsv } from "@/lib/ingest/csv-source";

// Any table written as RFC 4180 CSV (any delimiter, line ending, BOM, gzip, and chunk boundaries anywhere, even
// inside a UTF-8 character or a quoted newline) reads back as the same table; any bytes at all either read or
// fail with a CsvInputError, never another exception.

const headerName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
// Cells with what makes CSV hard: delimiters, quotes, both line endings, multi-byte characters.
const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", ",", ";", "\t", '"', '""', "a\nb", "a\r\nb", "é", "日本", "💸", " x ", "=1+2"));

function write(table: string[][], delimiter: string, newline: string): string {
  const field = (value: string) => (/["\r\n,;\t]/.test(value) || value === "" ? `"${value.replace(/"/g, '""')}"` : value);
  return table.map((row) => row.map(field).join(delimiter)).join(newline) + newline;
}

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

async function read(chunks: Buffer[]) {
  const csv = await openCsv(Readable.from(chunks));
  const rows: string[][] = [];
  for await (const batch of csv.batches) rows.push(...batch);
  return { headers: csv.headers, delimiter: csv.delimiter, compressed: csv.compressed, rows };
}

describe("openCsv, on any table", () => {
  it("reads back exactly what was written", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(headerName, { minLength: 2, maxLength: 5 }).chain((headers) =>
          fc.tuple(fc.constant(headers), fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { minLength: 1, maxLength: 20 })),
        ),
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async ([headers, rows], delimiter, newline, bom, gzip, cuts) => {
          const text = (bom ? "\uFEFF" : "") + write([headers, ...rows], delimiter, newline);
          const bytes = gzip ? gzipSync(text) : Buffer.from(text, "utf8");
          const result = await read(chunked(bytes, cuts));
          expect(result.headers).toEqual(headers);
          expect(result.delimiter).toBe(delimiter);
          expect(result.compressed).toBe(gzip);
          expect(result.rows).toEqual(rows);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("answers any bytes with rows or a CsvInputError, never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 400 }).map((text) => new TextEncoder().encode(text))),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (raw, gzip, cuts) => {
          const bytes = gzip ? gzipSync(raw) : Buffer.from(raw);
          try {
            await read(chunked(bytes, cuts));
          } catch (error) {
            expect(error).toBeInstanceOf(CsvInputError);
            expect((error as Error).message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("cases the properties found (kept as fixed examples)", () => {
  it("a chunk ending between CR and LF after a quoted field", async () => {
    const text = 'a,b\r\n"x","y"\r\n"z","w"\r\n';
    const cut = text.indexOf("\r\n", 5) + 1;
    const bytes = Buffer.from(text);
    expect((await read([bytes.subarray(0, cut), bytes.subarray(cut)])).rows).toEqual([
      ["x", "y"],
      ["z", "w"],
    ]);
  });

  it("a header line whose CR arrives without its LF", async () => {
    const bytes = Buffer.from('h1,h2\r\n"",x\r\n');
    const result = await read([bytes.subarray(0, 6), bytes.subarray(6)]);
    expect(result.rows).toEqual([["", "x"]]);
  });

  it("a gzip whose first chunk is one byte", async () => {
    const bytes = gzipSync("a,b\n1,2\n");
    expect((await read([bytes.subarray(0, 1), bytes.subarray(1)])).rows).toEqual([["1", "2"]]);
  });

  it("a file cut inside a multi-byte character", async () => {
    const bytes = Buffer.from("a,b\n1,é");
    await expect(read([bytes.subarray(0, bytes.length - 1)])).rejects.toThrow(
      "The file ends in the middle of a character (after byte 7): it is truncated or not UTF-8 text. Upload the complete file, saved as UTF-8 CSV.",
    );
  });
});
