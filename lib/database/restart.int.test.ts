import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { json, publicRoute } from "@/lib/api/handler";
import { DATA_ROOT, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/database/embedded";

// Postgres restarted under a running app: requests meanwhile fail with a clear 503, and once it is back the same
// pool serves queries again by itself (no restart of the app, no new pool). A private embedded Postgres, so the
// shared test database is never stopped.

const name = `pg-restart-${randomUUID().slice(0, 8)}`;
let server: EmbeddedDatabase | null = null;
const dropped: unknown[] = [];
afterAll(async () => {
  await server?.stop();
  await rm(path.join(DATA_ROOT, name), { recursive: true, force: true });
  await rm(path.join(DATA_ROOT, `${name}.password`), { force: true });
});

describe("a Postgres restart", () => {
  it("fails requests with a clear 503 while it is down and recovers by itself", async () => {
    server = await startEmbeddedPostgres({ name, preferredPort: 0 });
    const port = server.port;
    // As lib/pg.ts makes it.
    const pool = new pg.Pool({ connectionString: server.serverUrl, max: 10, options: "-c jit=off" });
    // The listener lib/pg.ts lacks (see the last test): without it, the idle connections Postgres closes on
    // shutdown make the pool emit an unhandled "error", which ends the Node process instead of recovering.
    pool.on("error", (error) => dropped.push(error));
    const route = publicRoute(async () => json((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]));
    const request = () => route(new Request("http://localhost/api/v1/health"));

    const up = await request();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ one: 1 });

    await server.stop();
    const down = await request();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.json()).toEqual({ error: { code: "unavailable", message: "The database is not reachable; try again in a moment." } });
    // A second request, now that the pool holds no live connection, is refused the same way.
    expect((await request()).status).toBe(503);

    server = await startEmbeddedPostgres({ name, preferredPort: port });
    expect(server.port).toBe(port);
    const back = await request();
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ one: 1 });
    expect(dropped.length).toBeGreaterThan(0);
    await pool.end();
  }, 90_000);

  // Without an "error" listener, node-postgres rethrows an idle connection's close and a restart would crash the app.
  it("the app's pool survives idle connections closed by a restart", async () => {
    const { pool } = await import("@/lib/pg");
    expect(pool.listenerCount("error")).toBeGreaterThan(0);
  });
});
