import pg from "pg";
import { env } from "@/lib/env";

// A plain node-postgres pool beside Prisma, for what Prisma does not do: COPY, set-based bulk SQL, and the
// rate limiter's store.
const globalForPg = globalThis as unknown as { tokenledgerPool?: pg.Pool };

export const pool = globalForPg.tokenledgerPool ?? new pg.Pool({ connectionString: env.DATABASE_URL, max: 5 });
if (env.NODE_ENV !== "production") globalForPg.tokenledgerPool = pool;
