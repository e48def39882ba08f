import pg from "pg";

// Database-level helpers for launchers and tests (create a database, check a name), kept apart from the app's
// Prisma client because they run before it exists.

export function databaseNameOf(connectionString: string): string {
  const name = decodeURIComponent(new URL(connectionString).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`The connection string ${redactUrl(connectionString)} names no database.`);
  return name;
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function redactUrl(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = "***";
  return url.toString();
}

/** Creates the database named in the connection string unless it exists (connecting to `postgres` to do so). */
export async function ensureDatabase(connectionString: string): Promise<"created" | "exists"> {
  const name = databaseNameOf(connectionString);
  const client = new pg.Client({ connectionString: withDatabase(connectionString, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return "exists";
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return "created";
  } catch (error) {
    // Two processes may race to create it; the loser finds it there.
    if ((error as { code?: string }).code === "42P04") return "exists";
    throw error;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(connectionString: string): Promise<void> {
  const name = databaseNameOf(connectionString);
  const client = new pg.Client({ connectionString: withDatabase(connectionString, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The guard every test setup runs: tests truncate and create freely, so they must never touch a real database. */
export function assertTestDatabase(connectionString: string): void {
  const name = databaseNameOf(connectionString);
  if (!name.endsWith("_test")) {
    throw new Error(`Refusing to run tests against database "${name}": its name must end in "_test".`);
  }
}
