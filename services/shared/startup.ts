/**
 * The start-up steps every service shares, in the order they must run: connect to the
 * sidecar, read secrets through it, migrate the service's own schema, open its pool.
 */
import type pg from "pg";
import type { z } from "zod";
import type { authConfigSchema, baseConfigSchema, databaseConfigSchema } from "./config.js";
import { DaprClient } from "./dapr/dapr-client.js";
import { migrate } from "./db/migrate.js";
import { createPool } from "./db/pool.js";
import type { Logger } from "./logger.js";
import { resolveSecret } from "./secrets.js";

type BaseConfig = z.output<typeof baseConfigSchema>;
type AuthConfig = z.output<typeof authConfigSchema>;
type DatabaseConfig = z.output<ReturnType<typeof databaseConfigSchema>>;

/** The service's Dapr sidecar client. */
export function connectSidecar(config: BaseConfig): DaprClient {
  return new DaprClient({
    host: config.DAPR_HOST,
    httpPort: config.DAPR_HTTP_PORT,
    ...(config.DAPR_API_TOKEN ? { apiToken: config.DAPR_API_TOKEN } : {}),
  });
}

/**
 * The HS256 signing secret (environment first, else the secret store), or undefined when
 * tokens are verified against a JWKS URL instead. Spread the result into the app options.
 */
export async function resolveAuthSecret(
  dapr: DaprClient,
  config: BaseConfig & AuthConfig,
): Promise<{ hs256Secret?: string }> {
  if (config.AUTH_JWKS_URL) return {};
  const hs256Secret = await resolveSecret(
    dapr,
    config.SECRET_STORE_NAME,
    "auth-hs256-secret",
    config.AUTH_HS256_SECRET,
  );
  return { hs256Secret };
}

/**
 * Reads the service's database URL (secret `<service>-database-url`), applies the
 * migrations under `migrationsDir` to the service's schema and returns its pool.
 */
export async function openServiceDatabase(options: {
  service: string;
  dapr: DaprClient;
  config: BaseConfig & DatabaseConfig;
  migrationsDir: string;
  logger: Logger;
}): Promise<pg.Pool> {
  const { config } = options;
  const databaseUrl = await resolveSecret(
    options.dapr,
    config.SECRET_STORE_NAME,
    `${options.service}-database-url`,
    config.DATABASE_URL,
  );
  await migrate({
    databaseUrl,
    dir: options.migrationsDir,
    schema: config.DATABASE_SCHEMA,
    logger: options.logger,
  });
  return createPool(databaseUrl, config.DATABASE_SCHEMA, config.DATABASE_POOL_MAX);
}
