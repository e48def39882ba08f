import pg from "pg";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

// A plain node-postgres pool beside Prisma, for what Prisma does not do: COPY, set-based bulk SQL, and the
// rate limiter's store.
const globalForPg = globalThis as unknown as { tokenledgerPool?: pg.Pool };

// JIT off: dashboard queries over the rollups run in tens of milliseconds, and Postgres' cost estimate for their
// per-row currency conversion makes it compile them with LLVM first, which took over a second per query
// (measured with npm run bench:query). Ten connections: the overview runs its queries side by side.
export const pool = globalForPg.tokenledgerPool ?? createPool();
if (env.NODE_ENV !== "production") globalForPg.tokenledgerPool = pool;

function createPool(): pg.Pool {
  const created = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, options: "-c jit=off" });
  // An idle connection closed by the server (a restart, a failover) is an event, not a crash: without a listener
  // node-postgres rethrows it and the process dies. The pool drops it and opens a fresh one on the next query.
  created.on("error", (error) => logger.warn({ err: error }, "an idle database connection was closed; reconnecting on next use"));
  return created;
}
