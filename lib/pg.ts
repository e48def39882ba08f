import pg from "pg";
import { env } from "@/lib/env";

// A plain node-postgres pool beside Prisma, for what Prisma does not do: COPY, set-based bulk SQL, and the
// rate limiter's store.
const globalForPg = globalThis as unknown as { tokenledgerPool?: pg.Pool };

// JIT off: dashboard queries over the rollups run in tens of milliseconds, and Postgres' cost estimate for their
// per-row currency conversion makes it compile them with LLVM first, which took over a second per query
// (measured with npm run bench:query). Ten connections: the overview runs its queries side by side.
export const pool = globalForPg.tokenledgerPool ?? new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, options: "-c jit=off" });
if (env.NODE_ENV !== "production") globalForPg.tokenledgerPool = pool;
