import type { FastifyInstance } from "fastify";
import { brokerReady, postgresReady, sidecarReady } from "../runtime/http-server.js";
import { createServiceApp, type ServiceDeps } from "../runtime/service-app.js";
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
export function createTaskApi(deps: ServiceDeps<TaskApiConfig>): TaskApi {
  const { config, pool, dapr } = deps;
  const outbox = new OutboxRepository();
  const relay = new OutboxRelay({
    pool,
    outbox,
    dapr,
    pubsubName: config.PUBSUB_NAME,
    logger: deps.logger,
    registry: deps.metrics.registry,
    batchSize: config.OUTBOX_BATCH_SIZE,
    lingerMs: config.OUTBOX_LINGER_MS,
  });
  const service = new TaskService(pool, new TaskRepository(), outbox, () => void relay.kick());
  const app = createServiceApp(deps, {
    // Writes need Postgres only: the outbox holds events while the sidecar or broker is away.
    readiness: [
      postgresReady(pool),
      sidecarReady(dapr, { required: false }),
      brokerReady(dapr, { required: false }),
    ],
    sidecarRoutes: (sidecar) =>
      registerInternalRoutes(sidecar, service, relay, config.INTERNAL_CALLERS),
    routes: (app, verify) => registerTaskRoutes(app, service, verify),
  });
  return { app, relay, service };
}
