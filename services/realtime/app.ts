import { Topics } from "../domain/events/topics.js";
import { sidecarReady } from "../runtime/http-server.js";
import { createServiceApp, type ServiceDeps } from "../runtime/service-app.js";
import type { RealtimeConfig } from "./config.js";
import { ConnectionHub } from "./domain/connection-hub.js";
import { UpdateForwarder } from "./domain/update-forwarder.js";
import { registerWebSocketEndpoint } from "./transport/websocket-endpoint.js";

/** Wires realtime: `task-updates` → UpdateForwarder → ConnectionHub → the owning user's WebSockets. */
export function createRealtimeApp(deps: ServiceDeps<RealtimeConfig>) {
  const hub = new ConnectionHub(deps.metrics.registry);
  const forwarder = new UpdateForwarder(hub);
  const app = createServiceApp(deps, {
    readiness: [sidecarReady(deps.dapr)],
    subscriptions: [{ topic: Topics.taskUpdates, handle: (e) => forwarder.handle(e) }],
    routes: (app, verify) =>
      registerWebSocketEndpoint(app, {
        hub,
        verify,
        logger: deps.logger,
        heartbeatSeconds: deps.config.HEARTBEAT_SECONDS,
      }),
  });
  return { app, hub };
}
