/**
 * The HTTP app of a service, built the same way for every one: the runtime's HTTP server
 * (probes, metrics, traces, problem details), the routes only its sidecar may call (its topic
 * subscriptions, whose failed deliveries are noted on `delivery-failures`, and any others),
 * and its routes for users, behind the verifier of their tokens.
 */
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import type { z } from "zod";
import type { ServiceDefinition } from "../service-definition.js";
import { tokenVerifierFromConfig, type TokenVerifier } from "./auth.js";
import type { authConfigSchema, baseConfigSchema, databaseConfigSchema } from "./config.js";
import type { DaprClient } from "./dapr/dapr-client.js";
import { deliveryFailureRecorder } from "./dapr/delivery-failures.js";
import { registerSidecarRoutes } from "./dapr/sidecar-routes.js";
import { registerSubscriptions, type TopicSubscription } from "./dapr/subscriptions.js";
import { createHttpServer, type ReadinessCheck } from "./http-server.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";

/**
 * The settings the runtime reads: those every service has (baseConfigSchema), and the auth
 * ones (authConfigSchema) of a service that verifies users.
 */
export type RuntimeConfig = z.output<ReturnType<typeof baseConfigSchema>> &
  Partial<z.output<typeof authConfigSchema>>;
/** The settings of a service that owns a Postgres schema (see databaseConfigSchema). */
export type DatabaseConfig = z.output<ReturnType<typeof databaseConfigSchema>>;

/** What start-up hands a service to build its app from (see startService). */
export type ServiceDeps<Config extends RuntimeConfig> = {
  readonly definition: ServiceDefinition;
  /** Its settings, read from the environment. */
  readonly config: Config;
  readonly logger: Logger;
  readonly dapr: DaprClient;
  /** Its Prometheus registry, with the metrics every service records. */
  readonly metrics: ServiceMetrics;
  /** The HS256 secret, for services that verify user tokens (unless a JWKS URL is set). */
  readonly hs256Secret?: string;
} & (Config extends DatabaseConfig
  ? {
      /** The pool of its own schema, migrated. */
      readonly pool: pg.Pool;
    }
  : unknown);

/** What a service's app consists of besides what every app has. */
export interface ServiceAppOptions {
  /** What `/readyz` checks (postgresReady, sidecarReady, brokerReady). */
  readonly readiness: readonly ReadinessCheck[];
  /**
   * Its topic subscriptions, through the pub/sub `PUBSUB_NAME`.
   * @default - none, and no `GET /dapr/subscribe`
   */
  readonly subscriptions?: readonly TopicSubscription[];
  /** Registers its other routes that only its sidecar may call (actors, jobs, invocation). @default - none */
  readonly sidecarRoutes?: (sidecar: FastifyInstance) => void;
  /**
   * Registers its routes for users, given the verifier of their tokens (its definition must
   * say `authenticatesUsers`). @default - none
   */
  readonly routes?: (app: FastifyInstance, verify: TokenVerifier) => void;
}

/** Builds the app of the service `deps.definition` describes. */
export function createServiceApp<Config extends RuntimeConfig>(
  deps: ServiceDeps<Config>,
  options: ServiceAppOptions,
): FastifyInstance {
  const { definition, config, logger, metrics } = deps;
  const service = definition.name;
  const app = createHttpServer({ service, logger, metrics, readiness: options.readiness });
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) => {
    if (options.subscriptions) {
      const pubsubName = config.PUBSUB_NAME;
      const failures = deliveryFailureRecorder({ dapr: deps.dapr, pubsubName, service, logger });
      registerSubscriptions(sidecar, options.subscriptions, {
        logger,
        metrics,
        pubsubName,
        failures,
      });
    }
    options.sidecarRoutes?.(sidecar);
  });
  if (options.routes) {
    if (!definition.authenticatesUsers)
      throw new Error(`${service}: routes for users verify their tokens: set authenticatesUsers`);
    options.routes(app, tokenVerifierFromConfig(config, deps.hs256Secret));
  }
  return app;
}
