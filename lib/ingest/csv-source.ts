import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import Papa from "papaparse";

// Streams a CSV (optionally gzip-compressed) into rows without holding the file in memory: gzip by its magic
// bytes (never the file name), strict UTF-8 (a stray Latin-1 byte is an error, not silent mojibake), BOM
// removed, the delimiter sniffed from the header line (comma, semicolon or tab), quoted newlines and CRLF
// handled by Papa Parse (about five times faster than csv-parse here, which matters at a million rows).

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
  /** Sees every raw chunk (e.g. to hash the file while it is read, instead of reading it twice). */
  onChunk?: (chunk: Buffer) => void;
  /** Decompressed bytes beyond which a gzip is refused as a decompression bomb. */
  maxDecompressedBytes?: number;
  /**
   * Past `ratioFloorBytes` decompressed, a gzip may expand to at most this many times the compressed bytes read so
   * far: a 10 MB bomb is stopped at 2 GB rather than at the absolute limit.
   */
  maxCompressionRatio?: number;
  ratioFloorBytes?: number;
};

export type CsvRows = {
  headers: string[];
  delimiter: string;
  compressed: boolean;
  /** Data rows (header excluded), as arrays of cells, in batches (one per parsed chunk: no promise per row). */
  batches: AsyncIterable<string[][]>;
};

const DEFAULT_MAX_DECOMPRESSED = 20 * 1024 ** 3;
// Billing CSVs compress 10–50× (repetitive ones up to ~100×); deflate's ceiling is about 1,030×. 200× with a 1 GiB
// floor refuses bombs without refusing any real export.
const DEFAULT_MAX_RATIO = 200;
const DEFAULT_RATIO_FLOOR = 1024 ** 3;
const DELIMITERS = [",", ";", "\t"] as const;
const MAX_ROW_CHARACTERS = 10 * 1024 * 1024;

async function* bytesOf(input: Readable, options: CsvSourceOptions): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    options.onBytes?.(total);
    options.onChunk?.(buffer);
    yield buffer;
  }
}

function sizeText(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB"] as const;
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1 && bytes % 1024 === 0) {
    bytes /= 1024;
    unit++;
  }
  return `${bytes} ${units[unit]}`;
}

type GunzipLimits = { maxBytes: number; maxRatio: number; ratioFloor: number; compressedSoFar: () => number };

async function* gunzip(chunks: AsyncIterable<Buffer>, limits: GunzipLimits): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  const source = Readable.from(chunks);
  source.on("error", (error) => inflater.destroy(error));
  source.pipe(inflater);
  let total = 0;
  const refuse = (message: string) => {
    source.destroy();
    inflater.destroy();
    return new CsvInputError(message);
  };
  try {
    for await (const chunk of inflater) {
      total += (chunk as Buffer).length;
      if (total > limits.maxBytes) {
        throw refuse(`The gzip file expands beyond ${sizeText(limits.maxBytes)}; it is refused as a possible decompression bomb. Nothing was imported.`);
      }
      if (total > limits.ratioFloor && total > limits.maxRatio * limits.compressedSoFar()) {
        throw refuse(
          `The gzip file expands more than ${limits.maxRatio} times its compressed size (past ${sizeText(limits.ratioFloor)}); it is refused as a possible decompression bomb. Nothing was imported.`,
        );
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
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    // Cut inside a multi-byte character: the file was truncated (or is not UTF-8).
    throw new CsvInputError(`The file ends in the middle of a character (after byte ${offset}): it is truncated or not UTF-8 text. Upload the complete file, saved as UTF-8 CSV.`);
  }
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
    // A CR at the end of what has arrived may be half of a CRLF: wait for the next character to tell.
    else if (!quoted && (char === "\n" || char === "\r")) return char === "\r" && index === text.length - 1 ? null : text.slice(0, index);
  }
  return null;
}

export async function openCsv(input: Readable, options: CsvSourceOptions = {}): Promise<CsvRows> {
  const raw = bytesOf(input, options);
  // The gzip magic is two bytes: a stream may hand over fewer first.
  let opening = Buffer.alloc(0);
  while (opening.length < 2) {
    const next = await raw.next();
    if (next.done) break;
    opening = Buffer.concat([opening, next.value]);
  }
  if (opening.length === 0) throw new CsvInputError("The file is empty.");
  const compressed = opening[0] === 0x1f && opening[1] === 0x8b;
  let rawBytes = 0;
  async function* all(): AsyncGenerator<Buffer> {
    rawBytes += opening.length;
    yield opening;
    for await (const chunk of raw) {
      rawBytes += chunk.length;
      yield chunk;
    }
  }
  const limits: GunzipLimits = {
    maxBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED,
    maxRatio: options.maxCompressionRatio ?? DEFAULT_MAX_RATIO,
    ratioFloor: options.ratioFloorBytes ?? DEFAULT_RATIO_FLOOR,
    compressedSoFar: () => rawBytes,
  };
  const text = utf8Text(compressed ? gunzip(all(), limits) : all());

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

  async function* allText(): AsyncGenerator<string> {
    yield head;
    if (!textDone) yield* text;
  }
  const newline = /\r\n/.test(head.slice(0, headerLine.length + 2)) ? "\r\n" : /\r(?!\n)/.test(head.slice(0, headerLine.length + 1)) ? "\r" : "\n";
  const batches = papaRows(allText(), delimiter, newline);
  const first = await batches.next();
  if (first.done || first.value.length === 0) throw new CsvInputError("The file is empty.");
  const headers = first.value[0]!.map((header) => header.trim());
  const rest = first.value.slice(1);
  async function* dataBatches(): AsyncGenerator<string[][]> {
    if (rest.length) yield rest;
    while (true) {
      const next = await batches.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { headers, delimiter, compressed, batches: dataBatches() };
}

/**
 * Papa Parse's core parser, fed chunk by chunk: each chunk is parsed up to its last complete row and the rest is
 * carried into the next. Pulling chunks only as rows are consumed keeps memory flat (Papa's own stream reader
 * keeps reading while paused, buffering the whole file when the database is the slower side).
 */
async function* papaRows(chunks: AsyncIterable<string>, delimiter: string, newline: string): AsyncGenerator<string[][]> {
  const parser = new Papa.Parser({ delimiter, newline: newline as "\n" | "\r" | "\r\n", quoteChar: '"', skipEmptyLines: true });
  let carry = "";
  let rowsSoFar = 0;
  const check = (errors: { type: string; row?: number }[]) => {
    const quote = errors.find((error) => error.type === "Quotes");
    if (quote) {
      const row = rowsSoFar + (quote.row ?? 0);
      throw new CsvInputError(`The CSV is malformed at row ${Math.max(row, 1)}: a quoted field is never closed.`, Math.max(row, 1));
    }
  };
  for await (const chunk of chunks) {
    let input = carry + chunk;
    // A chunk can end between the CR and the LF of a row end; parsed without its LF, a quoted last field followed
    // by a bare CR reads as a malformed quote. Hold the CR back for the next chunk.
    const held = input.endsWith("\r") ? "\r" : "";
    if (held) input = input.slice(0, -1);
    const results = parser.parse(input, 0, true) as { data: string[][]; errors: { type: string; row?: number }[]; meta: { cursor: number } };
    check(results.errors);
    carry = input.slice(results.meta.cursor) + held;
    // An unclosed quote makes the rest of the file one "row"; stop long before that eats the memory.
    if (carry.length > MAX_ROW_CHARACTERS) {
      throw new CsvInputError(`The CSV is malformed after row ${rowsSoFar}: a row runs on for more than 10 MB (a quoted field is probably never closed).`, rowsSoFar);
    }
    const batch = nonEmpty(results.data);
    rowsSoFar += batch.length;
    if (batch.length) yield batch;
  }
  if (carry) {
    const results = parser.parse(carry, 0, false) as { data: string[][]; errors: { type: string; row?: number }[] };
    check(results.errors);
    const batch = nonEmpty(results.data);
    if (batch.length) yield batch;
  }
}

/** Papa's skipEmptyLines is applied by its handle, not its core parser: blank lines are dropped here. */
function nonEmpty(rows: string[][]): string[][] {
  return rows.some((row) => row.length === 1 && row[0] === "") ? rows.filter((row) => !(row.length === 1 && row[0] === "")) : rows;
}
