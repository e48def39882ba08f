import pg from "pg";
import { migrate } from "@/lib/database/migrate";
import { syncShippedCatalog } from "@/lib/pricing/catalog-sync";

/** Migrations, then the reference data the app ships with (the price catalog). Idempotent; safe on every start. */
export async function prepareDatabase(connectionString: string, log: (line: string) => void = () => {}): Promise<void> {
  await migrate(connectionString, { log });
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const synced = await syncShippedCatalog(pool);
    if (synced.prices || synced.aliases) log(`price catalog: ${synced.prices} prices and ${synced.aliases} aliases added`);
  } finally {
    await pool.end();
  }
}
