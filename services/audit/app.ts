import type pg from "pg";
import { tokenVerifierFromConfig } from "../runtime/auth.js";
import type { DaprClient } from "../runtime/dapr/dapr-client.js";
import { deliveryFailureRecorder } from "../runtime/dapr/delivery-failures.js";
import { registerSidecarRoutes } from "../runtime/dapr/sidecar-routes.js";
import { registerSubscriptions } from "../runtime/dapr/subscriptions.js";
import { Topics } from "../domain/events/topics.js";
import { createHttpServer, postgresReady, sidecarReady } from "../runtime/http-server.js";
import type { Logger } from "../runtime/logger.js";
import { createMetrics } from "../runtime/metrics.js";
import type { AuditConfig } from "./config.js";
import { AuditRecorder } from "./domain/audit-recorder.js";
import { AuditRepository } from "./repositories/audit-repository.js";
import { registerAuditRoutes } from "./transport/audit-routes.js";

/** Wires audit: `task-events` subscription → AuditRecorder → append-only log; read API. */
export function createAuditApp(deps: {
  config: AuditConfig;
  pool: pg.Pool;
  dapr: DaprClient;
  logger: Logger;
  hs256Secret?: string;
}) {
  const { config, pool, dapr, logger } = deps;
  const metrics = createMetrics("audit");
  const repository = new AuditRepository(pool);
  const recorder = new AuditRecorder(repository);
  const app = createHttpServer({
    service: "audit",
    logger,
    metrics,
    // The log and its read API need Postgres; without the sidecar, events wait in Kafka.
    readiness: [postgresReady(pool), sidecarReady(dapr, { required: false })],
  });
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) =>
    registerSubscriptions(
      sidecar,
      [
        {
          topic: Topics.taskEvents,
          route: "/events/task-events",
          handle: (e) => recorder.record(e),
          // Batches: one HTTP call and one insert per batch instead of per event.
          bulk: { handleBatch: (envelopes) => recorder.recordAll(envelopes) },
        },
      ],
      {
        logger,
        metrics,
        pubsubName: config.PUBSUB_NAME,
        failures: deliveryFailureRecorder({
          dapr,
          pubsubName: config.PUBSUB_NAME,
          service: "audit",
          logger,
        }),
      },
    ),
  );
  const verify = tokenVerifierFromConfig(config, deps.hs256Secret);
  registerAuditRoutes(app, repository, verify);
  return { app };
}
