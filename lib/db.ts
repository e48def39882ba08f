import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export { Prisma } from "@/lib/generated/prisma/client";
export type { Role } from "@/lib/generated/prisma/enums";

function createClient() {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: 10 }) });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { tokenledgerDb?: ReturnType<typeof createClient> };

export const db = globalForDb.tokenledgerDb ?? createClient();
if (env.NODE_ENV !== "production") globalForDb.tokenledgerDb = db;

export type Db = typeof db;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
