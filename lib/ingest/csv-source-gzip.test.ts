import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CsvInputError, openCsv, type CsvSourceOptions } from "@/lib/ingest/csv-source";

// Decompression-bomb limits: a gzip may expand only so far in absolute terms, and, past a floor, only so many
// times its compressed size. The defaults (20 GiB; 200× past 1 GiB) are too big for a unit test, so the limits are
// lowered here; the code path is the same.

async function readAll(input: Buffer, options: CsvSourceOptions, chunkSize = 64 * 1024) {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < input.length; offset += chunkSize) chunks.push(input.subarray(offset, offset + chunkSize));
  let rows = 0;
  const source = Readable.from(chunks);
  const csv = await openCsv(source, options);
  for await (const batch of csv.batches) rows += batch.length;
  return { rows, source };
}

async function failure(input: Buffer, options: CsvSourceOptions): Promise<string> {
  try {
    await readAll(input, options);
  } catch (error) {
    if (error instanceof CsvInputError) return error.message;
    throw error;
  }
  return "no error";
}

// 10 MB of "0\n" under a one-column header: about 10 KB compressed, a ratio near 1,000.
const bomb = gzipSync(Buffer.concat([Buffer.from("amount\n"), Buffer.alloc(10 * 1024 * 1024, "0\n")]), { level: 9 });

describe("gzip decompression limits", () => {
  it("refuses a gzip that expands too many times its size, once past the floor", async () => {
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await failure(bomb, { ratioFloorBytes: 256 * 1024, maxCompressionRatio: 200 })).toBe(
      "The gzip file expands more than 200 times its compressed size (past 256 KB); it is refused as a possible decompression bomb. Nothing was imported.",
    );
  });

  it("refuses a gzip that expands beyond the absolute limit", async () => {
    expect(await failure(bomb, { maxDecompressedBytes: 1024 * 1024 })).toBe("The gzip file expands beyond 1 MB; it is refused as a possible decompression bomb. Nothing was imported.");
  });

  it("reads the same file under the default limits, and an ordinary gzip under low ones", async () => {
    expect((await readAll(bomb, {})).rows).toBe(5 * 1024 * 1024);
    // Real exports compress far less than 200×: a varied CSV passes even with a small floor.
    const rows = Array.from({ length: 20_000 }, (_, index) => `${index},${(index * 7919) % 10007}.${index % 97},model-${index % 13}`);
    const ordinary = gzipSync(["id,cost,model", ...rows].join("\n"));
    expect(ordinary.length * 200).toBeGreaterThan(rows.join("\n").length);
    expect((await readAll(ordinary, { ratioFloorBytes: 64 * 1024, maxCompressionRatio: 200 })).rows).toBe(20_000);
  });
});
