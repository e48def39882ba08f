import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { CsvError, parse } from "csv-parse";

// Streams a CSV (optionally gzip-compressed) into rows without holding the file in memory: gzip by its magic
// bytes (never the file name), strict UTF-8 (a stray Latin-1 byte is an error, not silent mojibake), BOM
// removed, the delimiter sniffed from the header line (comma, semicolon or tab), quoted newlines and CRLF
// handled by csv-parse.

export class CsvInputError extends Error {
  constructor(
    message: string,
    readonly rowNumber: number | null = null,
  ) {
    super(message);
    this.name = "CsvInputError";
  }
}

export type CsvSourceOptions = {
  /** Called with the number of raw (possibly compressed) bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
  /** Decompressed bytes beyond which a gzip is refused as a decompression bomb. */
  maxDecompressedBytes?: number;
};

export type CsvRows = {
  headers: string[];
  delimiter: string;
  compressed: boolean;
  /** Data rows (header excluded), as arrays of cells. */
  rows: AsyncIterable<string[]>;
};

const DEFAULT_MAX_DECOMPRESSED = 20 * 1024 ** 3;
const DELIMITERS = [",", ";", "\t"] as const;

async function* bytesOf(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    onBytes?.(total);
    yield buffer;
  }
}

async function* gunzip(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  const source = Readable.from(chunks);
  source.on("error", (error) => inflater.destroy(error));
  source.pipe(inflater);
  let total = 0;
  try {
    for await (const chunk of inflater) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        throw new CsvInputError(`The gzip file expands beyond ${Math.round(maxBytes / 1024 ** 3)} GB; it is refused as a possible decompression bomb.`);
      }
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof CsvInputError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || /unexpected end/i.test(String(error))) {
      throw new CsvInputError("The gzip file is truncated or corrupt; nothing was imported. Upload the complete file.");
    }
    throw error;
  }
}

async function* utf8Text(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new CsvInputError(`The file is not UTF-8 text (invalid bytes within bytes ${offset}–${offset + chunk.length}). Export or save it as UTF-8 CSV.`);
    }
    if (first && text.length > 0) {
      first = false;
      if (text.slice(0, 8192).includes("\u0000")) throw new CsvInputError("This is not a CSV file: it contains binary data.");
    }
    offset += chunk.length;
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The delimiter that splits the header line most, counting only outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ",";
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}

function headerLineOf(text: string): string | null {
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, index);
  }
  return null;
}

export async function openCsv(input: Readable, options: CsvSourceOptions = {}): Promise<CsvRows> {
  const raw = bytesOf(input, options.onBytes);
  const firstChunk = await raw.next();
  if (firstChunk.done || firstChunk.value.length === 0) throw new CsvInputError("The file is empty.");
  const compressed = firstChunk.value[0] === 0x1f && firstChunk.value[1] === 0x8b;
  async function* all(): AsyncGenerator<Buffer> {
    yield firstChunk.value as Buffer;
    yield* raw;
  }
  const text = utf8Text(compressed ? gunzip(all(), options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED) : all());

  // Buffer text until the header line is complete, to choose the delimiter before parsing starts.
  let head = "";
  let headerLine: string | null = null;
  let textDone = false;
  while (headerLine === null) {
    const next = await text.next();
    if (next.done) {
      textDone = true;
      headerLine = head;
      break;
    }
    head += next.value;
    headerLine = headerLineOf(head);
    if (headerLine === null && head.length > 1024 * 1024) throw new CsvInputError("The first line is longer than 1 MB; this is not a CSV header.");
  }
  head = head.replace(/^\uFEFF/, "");
  if (head.trim() === "") throw new CsvInputError("The file is empty.");
  const delimiter = sniffDelimiter(headerLine.replace(/^\uFEFF/, ""));

  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true });
  const feed = (async () => {
    try {
      const write = (chunk: string) =>
        parser.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => parser.once("drain", resolve));
      await write(head);
      if (!textDone) for await (const chunk of text) await write(chunk);
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let headerRecord: IteratorResult<string[]>;
  try {
    headerRecord = await records.next();
  } catch (error) {
    throw toInputError(error);
  }
  if (headerRecord.done) throw new CsvInputError("The file is empty.");
  const headers = headerRecord.value.map((header) => header.trim());

  async function* dataRows(): AsyncGenerator<string[]> {
    try {
      while (true) {
        const next = await records.next();
        if (next.done) break;
        yield next.value;
      }
      await feed;
    } catch (error) {
      throw toInputError(error);
    }
  }
  return { headers, delimiter, compressed, rows: dataRows() };
}

function toInputError(error: unknown): Error {
  if (error instanceof CsvInputError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new CsvInputError(`The CSV is malformed near line ${line ?? "?"}: ${error.message.replace(/^.*?:\s*/, "")}`, line ? Math.max(line - 1, 1) : null);
  }
  return error as Error;
}
