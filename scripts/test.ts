// npm test: every test there is, against real parts: type check and lint, unit tests, integration tests on a
// Postgres `_test` database (DATABASE_URL, or an embedded one it starts itself), a production build, and the
// Playwright journeys in Debian's Chromium. Ends with one plain line: "N passed, N failed".
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { prepareDatabase } from "../lib/database/prepare.ts";
import { resolveTestDatabase } from "./lib/database.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPORTS = path.join(ROOT, ".reports");
const bin = (name: string) => path.join(ROOT, "node_modules", name);

type Step = { name: string; passed: number; failed: number; note?: string };
const steps: Step[] = [];

// Everything the steps print (the app servers' logs included) is also kept in .reports/test-run.log, which the last
// step searches for the fixed test secrets: a secret must never reach a log.
let runLog: WriteStream | null = null;

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["inherit", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => (process.stdout.write(chunk), runLog?.write(chunk)));
    child.stderr.on("data", (chunk: Buffer) => (process.stderr.write(chunk), runLog?.write(chunk)));
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function check(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  console.log(`\n── ${name} ──`);
  const code = await run(args, env);
  steps.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
  return code === 0;
}

async function readJson<T>(file: string): Promise<T | null> {
  return existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as T) : null;
}

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.error(`The end-to-end tests drive Debian's Chromium (${CHROMIUM}), which is not installed: run \`apt-get install -y chromium\` (as root).`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const database = await resolveTestDatabase();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "tokenledger-test-secret-0123456789abcdef",
  // Tests store only fake provider keys; a fixed key keeps runs reproducible.
  TOKENLEDGER_ENCRYPTION_KEY: process.env.TOKENLEDGER_ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString("base64"),
  NEXT_TELEMETRY_DISABLED: "1",
  TOKENLEDGER_REPORTS: "1",
};
let exitCode = 1;
try {
  await rm(REPORTS, { recursive: true, force: true });
  await mkdir(REPORTS, { recursive: true });
  await prepareDatabase(database.url, (line) => console.log(`[db] ${line}`));

  runLog = createWriteStream(path.join(REPORTS, "test-run.log"));
  await check("typecheck", [bin("typescript/bin/tsc"), "--noEmit"], env);
  await check("lint", [bin("eslint/bin/eslint.js"), ".", "--max-warnings=0"], env);

  console.log("\n── unit and integration tests (vitest) ──");
  const vitestFile = path.join(REPORTS, "vitest.json");
  const vitestCode = await run([bin("vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestFile}`], env);
  const vitest = await readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestFile);
  if (vitest) {
    const skipped = vitest.numPendingTests + vitest.numTodoTests;
    steps.push({ name: "vitest", passed: vitest.numPassedTests, failed: vitest.numFailedTests + skipped, note: skipped ? `${skipped} skipped (counted as failed)` : undefined });
  }
  if (!vitest || (vitestCode !== 0 && vitest.numFailedTests === 0)) steps.push({ name: "vitest run", passed: 0, failed: 1, note: `exit code ${vitestCode}` });

  if (await check("build (next build)", [bin("next/dist/bin/next"), "build"], { ...env, NODE_ENV: "production" })) {
    console.log("\n── end-to-end journeys (playwright, chromium) ──");
    const playwrightCode = await run([bin("@playwright/test/cli.js"), "test"], env);
    const playwright = await readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(path.join(REPORTS, "playwright.json"));
    if (playwright) {
      const { expected, unexpected, flaky, skipped } = playwright.stats;
      steps.push({ name: "playwright", passed: expected, failed: unexpected + flaky + skipped, note: flaky || skipped ? `${flaky} flaky, ${skipped} skipped (counted as failed)` : undefined });
    }
    if (!playwright || (playwrightCode !== 0 && playwright.stats.unexpected === 0)) steps.push({ name: "playwright run", passed: 0, failed: 1, note: `exit code ${playwrightCode}` });
  }
  await new Promise((resolve) => runLog?.end(resolve));
  runLog = null;
  await check("no secret in the logs", [bin("tsx/dist/cli.mjs"), "scripts/check-secret-leaks.ts", path.join(REPORTS, "test-run.log"), path.join(ROOT, "test-results")], env);
  const failed = steps.reduce((sum, step) => sum + step.failed, 0);
  exitCode = failed === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
  steps.push({ name: "test runner", passed: 0, failed: 1, note: String(error) });
} finally {
  await database.stop();
}

console.log("\n── summary ──");
for (const step of steps) console.log(`${step.name.padEnd(20)} ${String(step.passed).padStart(4)} passed ${String(step.failed).padStart(4)} failed${step.note ? `  (${step.note})` : ""}`);
const passed = steps.reduce((sum, step) => sum + step.passed, 0);
const failed = steps.reduce((sum, step) => sum + step.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
