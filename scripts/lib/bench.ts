// What the HTTP benchmarks share: latency percentiles, a free loopback port, and the production app started on it.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { readFile } from "node:fs/promises";
import { withDatabase } from "../../lib/database/admin.ts";
import { DATA_ROOT } from "../../lib/database/embedded.ts";
import { resolveAppDatabase, resolveAuthSecret, resolveEncryptionKey } from "./database.ts";
import { buildIsStale, NEXT_BIN } from "./launch.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Nearest-rank percentile of latencies in ms. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export type Stats = { requests: number; p50: number; p95: number; p99: number; max: number; perSecond: number };

export function stats(latencies: number[], seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, perSecond: sorted.length / seconds };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `next start` of the production build on a free port, ready once `readyPath` answers 200 with `headers`. */
export async function startApp(env: NodeJS.ProcessEnv, headers: Record<string, string>, readyPath = "/api/v1/me"): Promise<{ base: string; stop: () => Promise<unknown> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const stop = () => (child.exitCode === null ? new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) : Promise.resolve());
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`${base}${readyPath}`, { headers }).then((response) => response.ok, () => false);
    if (ok) break;
    if (attempt > 600) {
      await stop();
      throw new Error("the app did not answer in 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, stop };
}

/** Builds the app when the build is older than the sources; false when the build fails. */
export async function buildIfStale(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<boolean> {
  if (!buildIsStale()) return true;
  log("building the app (next build)…");
  const code = await new Promise<number>((resolve) => spawn(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, env, stdio: "inherit" }).once("exit", (exit) => resolve(exit ?? 1)));
  return code === 0;
}

/** A benchmark's command line: `--help` prints the usage, bad options exit 2 with it; `positive` reads a whole number. */
export function benchArgs(usage: string, options: NonNullable<ParseArgsConfig["options"]>) {
  const fail = (message: string): never => {
    console.error(`error: ${message}\n\n${usage}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } }, strict: true }) as { values: typeof values });
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.error(usage);
    process.exit(0);
  }
  const positive = (name: string, fallback: number): number => {
    const text = values[name] as string | undefined;
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) <= 0) fail(`--${name} takes a positive whole number, not "${text}".`);
    return Number(text);
  };
  return { values, positive, fail };
}

/**
 * The production app's environment for a benchmark on `url`, plus `extra`; this process gets the same database,
 * secrets and log level, so what it imports from the app (tokens, seeds) talks to the same database.
 */
export async function benchAppEnv(url: string, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: await resolveAuthSecret(),
    TOKENLEDGER_ENCRYPTION_KEY: await resolveEncryptionKey(),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NODE_ENV: "production",
    ...extra,
  };
  Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, TOKENLEDGER_ENCRYPTION_KEY: env.TOKENLEDGER_ENCRYPTION_KEY, LOG_LEVEL: env.LOG_LEVEL });
  return env;
}

/**
 * The benchmark database (DATABASE_URL, or the embedded server's tokenledger_bench), migrated, and the API token
 * bench:seed left for Benchmark Corp; `fail` when there is none yet. Stop `server` when done.
 */
export async function benchDatabase(fail: (message: string) => never, log: (line: string) => void) {
  const server = await resolveAppDatabase();
  const url = process.env.DATABASE_URL ? server.url : withDatabase(server.url, "tokenledger_bench");
  // Loaded here, not at the top: the migrations pull in app modules that scripts/bench.ts does not need.
  const { prepareDatabase } = await import("../../lib/database/prepare.ts");
  await prepareDatabase(url, log);
  const tokenFile = path.join(DATA_ROOT, "bench-token");
  const token = await readFile(tokenFile, "utf8").then(
    (text) => text.trim(),
    () => fail(`no ${tokenFile}: run npm run bench:seed first.`),
  );
  return { server, url, token };
}
