import { Topics } from "../domain/events/topics.js";
import { postgresReady, sidecarReady } from "../runtime/http-server.js";
import { createServiceApp, type ServiceDeps } from "../runtime/service-app.js";
import type { AuditConfig } from "./config.js";
import { AuditRecorder } from "./domain/audit-recorder.js";
import { AuditRepository } from "./repositories/audit-repository.js";
import { registerAuditRoutes } from "./transport/audit-routes.js";

/** Wires audit: `task-events` subscription → AuditRecorder → append-only log; read API. */
export function createAuditApp(deps: ServiceDeps<AuditConfig>) {
  const repository = new AuditRepository(deps.pool);
  const recorder = new AuditRecorder(repository);
  const app = createServiceApp(deps, {
    // The log and its read API need Postgres; without the sidecar, events wait in Kafka.
    readiness: [postgresReady(deps.pool), sidecarReady(deps.dapr, { required: false })],
    subscriptions: [
      {
        topic: Topics.taskEvents,
        handle: (e) => recorder.record(e),
        // Batches: one HTTP call and one insert per batch instead of per event.
        bulk: { handleBatch: (envelopes) => recorder.recordAll(envelopes) },
      },
    ],
    routes: (app, verify) => registerAuditRoutes(app, repository, verify),
  });
  return { app };
}
