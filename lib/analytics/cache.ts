import "server-only";
import { LRUCache } from "lru-cache";
import { env } from "@/lib/env";
import { pool } from "@/lib/pg";

// Dashboard answers cached per organization and keyed by its rollup version: a counter that Postgres triggers bump
// in the same transaction as every statement changing the rollups, exchange rates, teams or workflows (migration
// 20261129185152_rollup_version). An answer is reused only while nothing it read has changed, so the cache never
// serves stale figures; it only spares twenty people opening the same overview from computing it twenty times.
// Identical requests in flight share one computation. In memory, per app process: each process checks the
// version itself (one primary-key read), so several processes stay correct.

const answers = new LRUCache<string, Promise<unknown>>({ max: 5_000, ttl: 15 * 60_000 });

export async function rollupVersion(orgId: string): Promise<string> {
  const { rows } = await pool.query<{ version: string }>(`SELECT version::text AS version FROM rollup_version WHERE "orgId" = $1`, [orgId]);
  return rows[0]?.version ?? "0";
}

/** `compute()`'s answer for (organization, key), reused until the organization's rollup version changes. */
export async function cachedAnswer<T>(orgId: string, key: string, compute: () => Promise<T>, options: { bypass?: boolean } = {}): Promise<T> {
  if (env.TOKENLEDGER_QUERY_CACHE === "off" || options.bypass) return compute();
  // The version is read before the data: an answer is never older than the version it is stored under.
  const full = `${orgId}\u0000${await rollupVersion(orgId)}\u0000${key}`;
  const hit = answers.get(full) as Promise<T> | undefined;
  if (hit) return hit;
  const pending = compute();
  answers.set(full, pending);
  pending.catch(() => answers.delete(full));
  return pending;
}
