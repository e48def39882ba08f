import pg from "pg";

// A comparable description of a database's schema (tables, columns, indexes, constraints, enums), used by the
// drift test to compare a database built from the migrations with one built from schema.prisma. Column order is
// ignored: ALTER TABLE ADD COLUMN appends, while a fresh CREATE TABLE follows the schema's order.

export type Catalog = { columns: string[]; indexes: string[]; constraints: string[]; enums: string[] };

export async function readCatalog(connectionString: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const lines = async (sql: string) => (await client.query<{ line: string }>(sql)).rows.map((row) => row.line);
    return {
      columns: await lines(`
        SELECT table_name || '.' || column_name || ' ' || udt_name
          || coalesce('(' || character_maximum_length || ')', '')
          || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
          || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
          || coalesce(' default ' || column_default, '') AS line
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY 1`),
      indexes: await lines(`
        SELECT indexdef AS line FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`),
      constraints: await lines(`
        SELECT rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations' ORDER BY 1`),
      enums: await lines(`
        SELECT t.typname || ': ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumlabel) AS line
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace ns ON ns.oid = t.typnamespace
        WHERE ns.nspname = 'public' GROUP BY t.typname ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}
