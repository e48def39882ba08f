// npx tsx test/corpus/malformed/generate.ts: writes the malformed-CSV corpus beside this script. The files are
// committed (small, byte-exact); this script is how they were made, and remakes them identically. Larger cases
// (a 5 MB field, a gzip bomb) are built by lib/ingest/malformed.int.test.ts itself rather than committed.
import { writeFileSync } from "node:fs";
import path from "node:path";

const HERE = import.meta.dirname;
// Anthropic's usage export (the same header lib/ingest/bad-input.int.test.ts uses).
const HEADER =
  "usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed";
const row = (day: string, input: string, workspace = "Support", output = "500") =>
  `${day},claude-sonnet-4-5-20250929,key-a,${workspace},standard,≤ 200k,${input},0,0,0,${output},0,not_available,`;
const good = [row("2026-01-05", "100"), row("2026-01-06", "200"), row("2026-01-07", "300")];

/** Deterministic bytes (a linear congruential generator), so the garbage is the same on every run. */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    bytes[index] = state >> 16;
  }
  return bytes;
}

const files: Record<string, Buffer | string> = {
  // Excel's "Unicode text": UTF-16 little-endian with a byte-order mark.
  "utf16-bom.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, ...good].join("\r\n") + "\r\n", "utf16le")]),
  // A whole file in Latin-1 (Windows-1252), as older exports write "Café".
  "latin1.csv": Buffer.from([HEADER, ...good.slice(0, 2), row("2026-01-07", "300", "Café")].join("\n") + "\n", "latin1"),
  // The download stopped mid-row: the last row has 3 of 14 columns.
  "truncated-mid-row.csv": [HEADER, ...good, "2026-01-08,claude-sonnet-4-5-2025"].join("\n"),
  // The download stopped inside a quoted field.
  "truncated-mid-quote.csv": [HEADER, ...good, '2026-01-08,claude-sonnet-4-5-20250929,key-a,"Support, EMEA'].join("\n"),
  // The download stopped inside a two-byte UTF-8 character ("é" is C3 A9; only C3 arrived).
  "truncated-mid-character.csv": Buffer.concat([Buffer.from([HEADER, ...good, "2026-01-08,claude-sonnet-4-5-20250929,key-a,Caf"].join("\n"), "utf8"), Buffer.from([0xc3])]),
  // Wrong types: words in a token count (row 2) and an impossible date (row 4); rows 1 and 3 are fine.
  "wrong-types.csv": [HEADER, good[0], row("2026-01-06", "lots"), good[2], row("2026-02-30", "40")].join("\n") + "\n",
  // Not a CSV at all: random bytes.
  "binary-garbage.csv": garbage(4096, 42),
};

for (const [name, content] of Object.entries(files)) writeFileSync(path.join(HERE, name), content);
console.log(`wrote ${Object.keys(files).length} files to ${HERE}`);
