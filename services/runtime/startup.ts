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
import {
  loadConfig,
  type authConfigSchema,
  type baseConfigSchema,
  type databaseConfigSchema,
} from "./config.js";
import { DaprClient } from "./dapr/dapr-client.js";
import { migrate } from "./db/migrate.js";
import { createPool } from "./db/pool.js";
import { createLogger, type Logger } from "./logger.js";
import { resolveSecret } from "./secrets.js";
import { runService } from "./service-runner.js";
import { AUTH_SECRET_KEY, databaseUrlKey, type ServiceDefinition } from "../service-definition.js";

type BaseConfig = z.output<ReturnType<typeof baseConfigSchema>>;
type AuthConfig = z.output<typeof authConfigSchema>;
type DatabaseConfig = z.output<ReturnType<typeof databaseConfigSchema>>;

/** What a service's start-up hands its app. */
export interface ServiceDeps<Config> {
  readonly config: Config;
  readonly logger: Logger;
  readonly dapr: DaprClient;
  /** The HS256 secret, for services that verify user tokens (unless a JWKS URL is set). */
  readonly hs256Secret?: string;
}

/** The running parts of a service. */
export interface ServiceParts {
  readonly app: FastifyInstance;
  /** Stops background work after the server stopped accepting (before the pool closes). */
  readonly onShutdown?: () => Promise<void>;
  /** Runs once the server listens. */
  readonly onListening?: () => void;
}

interface StartOptions<Config> {
  readonly definition: ServiceDefinition;
  /** The service's settings (see serviceConfigSchema), read from the environment at start. */
  readonly configSchema: z.ZodType<Config>;
}

/** Starts a service that owns a Postgres schema: its app gets the migrated pool too. */
export function startService<Config extends BaseConfig & AuthConfig & DatabaseConfig>(
  options: StartOptions<Config> & {
    /** The folder of the schema's SQL migrations (`new URL("./migrations", import.meta.url)`). */
    readonly migrations: URL;
    readonly create: (deps: ServiceDeps<Config> & { readonly pool: pg.Pool }) => ServiceParts;
  },
): Promise<void>;
/** Starts a service without a database. */
export function startService<Config extends BaseConfig & Partial<AuthConfig>>(
  options: StartOptions<Config> & { readonly create: (deps: ServiceDeps<Config>) => ServiceParts },
): Promise<void>;
export async function startService(
  options: StartOptions<BaseConfig & Partial<AuthConfig & DatabaseConfig>> & {
    readonly migrations?: URL;
    readonly create: (deps: never) => ServiceParts;
  },
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
    ? await openDatabase(definition, dapr, config as BaseConfig & DatabaseConfig, {
        dir: fileURLToPath(options.migrations),
        logger,
      })
    : undefined;
  // The overloads tie the deps to the config type; here both are just passed on.
  const create = options.create as (
    deps: ServiceDeps<unknown> & { pool?: pg.Pool },
  ) => ServiceParts;
  const parts = create({
    config,
    logger,
    dapr,
    ...(hs256Secret ? { hs256Secret } : {}),
    ...(pool ? { pool } : {}),
  });
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
  config: BaseConfig & DatabaseConfig,
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
