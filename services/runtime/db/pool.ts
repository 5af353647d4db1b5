import pg from "pg";

/** A connection pool whose sessions use the service's own schema first. */
export function createPool(databaseUrl: string, schema: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    options: `-c search_path=${schema},public`,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  // Nor may a checked-out one between two queries (Postgres shutting down sends 57P01 to every
  // session): the pool only listens while a client is idle, and an 'error' event nobody
  // listens to is an uncaught exception. The query in flight still fails and is handled.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
