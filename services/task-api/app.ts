import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { tokenVerifierFromConfig } from "../runtime/auth.js";
import type { DaprClient } from "../runtime/dapr/dapr-client.js";
import { registerSidecarRoutes } from "../runtime/dapr/sidecar-routes.js";
import {
  brokerReady,
  createHttpServer,
  postgresReady,
  sidecarReady,
} from "../runtime/http-server.js";
import type { Logger } from "../runtime/logger.js";
import { createMetrics } from "../runtime/metrics.js";
import type { TaskApiConfig } from "./config.js";
import { TaskService } from "./domain/task-service.js";
import { OutboxRelay } from "./outbox/outbox-relay.js";
import { OutboxRepository } from "./repositories/outbox-repository.js";
import { TaskRepository } from "./repositories/task-repository.js";
import { registerInternalRoutes } from "./transport/internal-routes.js";
import { registerTaskRoutes } from "./transport/task-routes.js";

export interface TaskApi {
  readonly app: FastifyInstance;
  readonly relay: OutboxRelay;
  readonly service: TaskService;
}

/** Wires task-api: HTTP transport → TaskService → repositories; the relay publishes the outbox through Dapr. */
export function createTaskApi(deps: {
  config: TaskApiConfig;
  pool: pg.Pool;
  dapr: DaprClient;
  logger: Logger;
  /** Secrets resolved from the Dapr secret store at start. */
  hs256Secret?: string;
}): TaskApi {
  const { config, pool, dapr, logger } = deps;
  const metrics = createMetrics("task-api");
  const outbox = new OutboxRepository();
  const relay = new OutboxRelay({
    pool,
    outbox,
    dapr,
    pubsubName: config.PUBSUB_NAME,
    logger,
    registry: metrics.registry,
    batchSize: config.OUTBOX_BATCH_SIZE,
    lingerMs: config.OUTBOX_LINGER_MS,
  });
  const service = new TaskService(pool, new TaskRepository(), outbox, () => void relay.kick());
  const app = createHttpServer({
    service: "task-api",
    logger,
    metrics,
    // Writes need Postgres only: the outbox holds events while the sidecar or broker is away.
    readiness: [
      postgresReady(pool),
      sidecarReady(dapr, { required: false }),
      brokerReady(dapr, { required: false }),
    ],
  });
  const verify = tokenVerifierFromConfig(config, deps.hs256Secret);
  registerTaskRoutes(app, service, verify);
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) =>
    registerInternalRoutes(sidecar, service, relay, config.INTERNAL_CALLERS),
  );
  return { app, relay, service };
}
