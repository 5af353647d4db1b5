import { z } from "zod";
import type { ServiceDefinition } from "../service-definition.js";

/** Raised at start when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(service: string, problems: string[]) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads the environment once into a typed object. Every invalid variable is reported at
 * once, by name, so a bad deployment fails at start with one actionable message.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    // Never echo a credential into the log.
    const value =
      issue.path.length === 1 && !/TOKEN|SECRET/.test(name)
        ? env[String(issue.path[0])]
        : undefined;
    return `${name}: ${issue.message}${value === undefined ? "" : ` (got '${value}')`}`;
  });
  throw new ConfigError(service, problems);
}

/** A TCP port number given as an environment string. */
export const portSchema = z.coerce.number().int().min(1).max(65535);

/** Settings every service shares: where it listens (by default its definition's port) and where its Dapr sidecar is. */
export const baseConfigSchema = (definition: ServiceDefinition) =>
  z.object({
    HOST: z.string().default("0.0.0.0"),
    PORT: portSchema.default(definition.port),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    DAPR_HTTP_PORT: portSchema.default(3500),
    DAPR_HOST: z.string().default("127.0.0.1"),
    /** Name of the Dapr secret store that holds connection strings and signing keys. */
    SECRET_STORE_NAME: z.string().min(1).default("secretstore"),
    /** Name of the Dapr pub/sub component (Kafka) it publishes and subscribes through. */
    PUBSUB_NAME: z.string().min(1).default("pubsub"),
    /** Seconds to let in-flight requests finish on SIGTERM before forcing exit. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(10),
    /**
     * The token the sidecar sends in `dapr-api-token` on every call to the app (daprd reads the
     * same variable). Required: without it any client could post events or call internal routes.
     */
    APP_API_TOKEN: z.string().min(32, "must be at least 32 characters"),
    /** The token the app sends to its sidecar (daprd refuses API calls without it when set). */
    DAPR_API_TOKEN: z.string().min(1).optional(),
  });

/** Auth settings: exactly one of a JWKS URL (EdDSA/RS256) or a shared HS256 secret. */
export const authConfigSchema = z.object({
  AUTH_JWKS_URL: z.url().optional(),
  /** HS256 secret; when unset and no JWKS URL is given it is read from the secret store. */
  AUTH_HS256_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  /** Longest validity (exp − iat) a token may claim; at most 7 days (a socket timer's range). */
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
  /** Clock difference tolerated on exp, nbf and iat. */
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});

type Shape<Schema> = Schema extends z.ZodObject<infer S> ? S : never;
type None = Record<never, never>;

/**
 * The settings of a service with `definition`: those every service shares, then the auth
 * settings when it verifies user tokens, the database settings when it owns a schema, then
 * `own`. The result type follows the definition's literal types (see defineService).
 */
export type ServiceConfigShape<
  Definition extends ServiceDefinition,
  Own extends z.ZodRawShape,
> = Shape<ReturnType<typeof baseConfigSchema>> &
  (Definition["authenticatesUsers"] extends true ? Shape<typeof authConfigSchema> : None) &
  (Definition["databaseSchema"] extends string
    ? Shape<ReturnType<typeof databaseConfigSchema>>
    : None) &
  Own;

/** The config schema of the service `definition`, with its `own` settings: see ServiceConfigShape. */
export function serviceConfigSchema<
  Definition extends ServiceDefinition,
  Own extends z.ZodRawShape = None,
>(definition: Definition, own?: Own): z.ZodObject<ServiceConfigShape<Definition, Own>> {
  const schema = baseConfigSchema(definition)
    .extend(definition.authenticatesUsers ? authConfigSchema.shape : {})
    .extend(definition.databaseSchema ? databaseConfigSchema(definition).shape : {})
    .extend(own ?? {});
  // The conditions above, which TypeScript cannot follow into the shape.
  return schema as unknown as z.ZodObject<ServiceConfigShape<Definition, Own>>;
}

/**
 * The database settings of a service that owns a schema (by default its definition's). `DATABASE_URL`
 * normally comes from the secret store (key `<service>-database-url`); the variable overrides it for tests.
 */
export const databaseConfigSchema = ({ name, databaseSchema }: ServiceDefinition) => {
  if (!databaseSchema) throw new Error(`${name}: its service definition names no databaseSchema`);
  return z.object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default(databaseSchema),
    /**
     * Connections in the service's pool. Above the requests a replica serves at once, so a
     * request never queues for a connection (the outbox relay holds one while it publishes).
     */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  });
};
