import { runner } from "node-pg-migrate";
import type { Logger } from "../logger.js";

/**
 * Applies a service's SQL migrations (node-pg-migrate, `-- Up Migration` files) into its own
 * schema, under node-pg-migrate's advisory lock so concurrent replicas migrate once.
 */
export async function migrate(options: {
  databaseUrl: string;
  dir: string;
  schema: string;
  logger: Logger;
}): Promise<void> {
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    schema: options.schema,
    createSchema: true,
    migrationsSchema: options.schema,
    migrationsTable: "pgmigrations",
    direction: "up",
    count: Infinity,
    singleTransaction: true,
    log: () => undefined,
  });
  options.logger.info(
    { schema: options.schema, applied: applied.map((m) => m.name) },
    "migrations applied",
  );
}
