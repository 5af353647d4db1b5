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
  /** @default 60_000 */
  timeoutMs?: number;
}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      return await migrateOnce(options);
    } catch (err) {
      // Another replica holds the lock: wait for it to finish, then find nothing left to do.
      if (!/Another migration is already running/i.test(String(err)) || Date.now() > deadline)
        throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function migrateOnce(options: {
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
    // One lock per schema: services sharing a database migrate independently.
    lockValue: lockValueFor(options.schema),
    log: () => undefined,
  });
  options.logger.info(
    { schema: options.schema, applied: applied.map((m) => m.name) },
    "migrations applied",
  );
}

/** A stable advisory-lock key per schema (32-bit FNV-1a). */
function lockValueFor(schema: string): number {
  let hash = 0x811c9dc5;
  for (const char of schema) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}
