// tsx scripts/check-secret-leaks.ts [file or folder ...]: fails (exit 1) when a log holds one of the fixed test
// secrets (test/known-secrets.ts), as itself or URL-encoded. Run after a full test run over its logs; without
// arguments it reads .reports/, test-results/ and the Next.js server logs under .next/ when they exist.
// Prints each finding as file:line and the secret's name, never the secret.
import { createReadStream, existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { KNOWN_TEST_SECRETS } from "../test/known-secrets.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DEFAULT_TARGETS = [".reports", "test-results", ".next/trace", ".next/server/logs"];
// Build output and browser traces are binary or minified; logs are text.
const TEXT = /\.(log|txt|json|jsonl|ndjson|out|err|md|html|xml)$|^trace$|^[^.]+$/;
const SKIP_DIRECTORIES = new Set(["node_modules", ".git", "cache", "static", "chunks"]);

export type Leak = { file: string; line: number; secret: string };

const needles = Object.entries(KNOWN_TEST_SECRETS).flatMap(([name, value]) => {
  const forms = new Set([value, encodeURIComponent(value)]);
  return [...forms].map((form) => ({ name, form }));
});

async function filesUnder(target: string): Promise<string[]> {
  if (!existsSync(target)) return [];
  const info = await stat(target);
  if (info.isFile()) return [target];
  const files: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true })) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory() && !SKIP_DIRECTORIES.has(entry.name)) files.push(...(await filesUnder(full)));
    else if (entry.isFile() && TEXT.test(entry.name)) files.push(full);
  }
  return files;
}

/** Every line of the files that holds a known secret. */
export async function findLeaks(targets: string[]): Promise<{ scanned: number; leaks: Leak[] }> {
  const files = (await Promise.all(targets.map(filesUnder))).flat();
  const leaks: Leak[] = [];
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number++;
      for (const { name, form } of needles) if (line.includes(form)) leaks.push({ file, line: number, secret: name });
    }
  }
  return { scanned: files.length, leaks };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const given = process.argv.slice(2);
  const targets = given.length ? given : DEFAULT_TARGETS.map((target) => path.join(ROOT, target));
  const missing = given.filter((target) => !existsSync(target));
  if (missing.length) {
    console.error(`error: no such file or folder: ${missing.join(", ")}`);
    process.exit(2);
  }
  const { scanned, leaks } = await findLeaks(targets);
  for (const leak of leaks) console.error(`${path.relative(ROOT, leak.file)}:${leak.line}: the test secret ${leak.secret} appears in a log`);
  console.error(leaks.length ? `${leaks.length} leaked secret(s) in ${scanned} file(s) scanned.` : `no known secret in ${scanned} file(s) scanned.`);
  process.exit(leaks.length ? 1 : 0);
}
