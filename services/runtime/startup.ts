/**
 * The start of every service, in the order it must run: read its settings from the
 * environment, connect to the sidecar, read the auth
 * secret through it, migrate the service's own schema and open its pool (each when the
 * service's definition says it has one), build the app, then listen and drain on SIGTERM.
 */
import type { FastifyInstance } from "fastify";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import type { z } from "zod";
import { loadConfig } from "./config.js";
import { DaprClient } from "./dapr/dapr-client.js";
import { migrate } from "./db/migrate.js";
import { createPool } from "./db/pool.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { resolveSecret } from "./secrets.js";
import type { DatabaseConfig, RuntimeConfig, ServiceDeps } from "./service-app.js";
import { runService } from "./service-runner.js";
import { AUTH_SECRET_KEY, databaseUrlKey, type ServiceDefinition } from "../service-definition.js";

/** The running parts of a service. */
export interface ServiceParts {
  readonly app: FastifyInstance;
  /** Stops background work after the server stopped accepting (before the pool closes). */
  readonly onShutdown?: () => Promise<void>;
  /** Runs once the server listens. */
  readonly onListening?: () => void;
}

/** How to start a service: what it is, its settings, how its app is built (createServiceApp). */
type StartOptions<Config extends RuntimeConfig> = {
  readonly definition: ServiceDefinition;
  /** The service's settings (see serviceConfigSchema), read from the environment at start. */
  readonly configSchema: z.ZodType<Config>;
  readonly create: (deps: ServiceDeps<Config>) => ServiceParts;
} & (Config extends DatabaseConfig
  ? {
      /** The folder of its schema's SQL migrations (`new URL("./migrations", import.meta.url)`). */
      readonly migrations: URL;
    }
  : { readonly migrations?: never });

/** Starts a service; one that owns a Postgres schema gets its migrated pool too. */
export async function startService<Config extends RuntimeConfig>(
  options: StartOptions<Config>,
): Promise<void> {
  const { definition } = options;
  const config = loadConfig(definition.name, options.configSchema);
  if (Boolean(definition.databaseSchema) !== Boolean(options.migrations))
    throw new Error(`${definition.name}: give migrations exactly when it has a databaseSchema`);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const dapr = new DaprClient({
    host: config.DAPR_HOST,
    httpPort: config.DAPR_HTTP_PORT,
    ...(config.DAPR_API_TOKEN ? { apiToken: config.DAPR_API_TOKEN } : {}),
  });
  const hs256Secret =
    definition.authenticatesUsers && !config.AUTH_JWKS_URL
      ? await resolveSecret(
          dapr,
          config.SECRET_STORE_NAME,
          AUTH_SECRET_KEY,
          config.AUTH_HS256_SECRET,
        )
      : undefined;
  const pool = options.migrations
    ? await openDatabase(definition, dapr, config as Config & DatabaseConfig, {
        dir: fileURLToPath(options.migrations),
        logger,
      })
    : undefined;
  // With a pool exactly when Config has the database settings (the check above).
  const deps = {
    definition,
    config,
    logger,
    dapr,
    metrics: createMetrics(definition.name),
    ...(hs256Secret ? { hs256Secret } : {}),
    ...(pool ? { pool } : {}),
  } as ServiceDeps<Config>;
  const parts = options.create(deps);
  await runService({
    app: parts.app,
    logger,
    config,
    onShutdown: async () => {
      await parts.onShutdown?.();
      await pool?.end();
    },
  });
  parts.onListening?.();
}

/**
 * Reads the service's database URL (secret `<service>-database-url`), applies its migrations to
 * the service's schema and returns its pool.
 */
async function openDatabase(
  definition: ServiceDefinition,
  dapr: DaprClient,
  config: RuntimeConfig & DatabaseConfig,
  migrations: { dir: string; logger: Logger },
): Promise<pg.Pool> {
  const databaseUrl = await resolveSecret(
    dapr,
    config.SECRET_STORE_NAME,
    databaseUrlKey(definition.name),
    config.DATABASE_URL,
  );
  await migrate({ databaseUrl, schema: config.DATABASE_SCHEMA, ...migrations });
  return createPool(databaseUrl, config.DATABASE_SCHEMA, config.DATABASE_POOL_MAX);
}
