import type pg from "pg";
import { createTokenVerifier } from "../shared/auth.js";
import type { DaprClient } from "../shared/dapr/dapr-client.js";
import { registerSubscriptions } from "../shared/dapr/subscriptions.js";
import { Topics } from "../shared/events/topics.js";
import { createHttpServer } from "../shared/http-server.js";
import type { Logger } from "../shared/logger.js";
import { createMetrics } from "../shared/metrics.js";
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
    readiness: [
      { name: "postgres", check: async () => void (await pool.query("SELECT 1")) },
      { name: "dapr", check: () => dapr.isHealthy() },
    ],
  });
  registerSubscriptions(
    app,
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
    },
  );
  const verify = createTokenVerifier({
    ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
    ...(deps.hs256Secret ? { hs256Secret: deps.hs256Secret } : {}),
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
  });
  registerAuditRoutes(app, repository, verify);
  return { app };
}
