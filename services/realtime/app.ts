import { tokenVerifierFromConfig } from "../runtime/auth.js";
import type { DaprClient } from "../runtime/dapr/dapr-client.js";
import { deliveryFailureRecorder } from "../runtime/dapr/delivery-failures.js";
import { registerSidecarRoutes } from "../runtime/dapr/sidecar-routes.js";
import { registerSubscriptions } from "../runtime/dapr/subscriptions.js";
import { Topics } from "../domain/events/topics.js";
import { createHttpServer, sidecarReady } from "../runtime/http-server.js";
import type { Logger } from "../runtime/logger.js";
import { createMetrics } from "../runtime/metrics.js";
import type { RealtimeConfig } from "./config.js";
import { ConnectionHub } from "./domain/connection-hub.js";
import { UpdateForwarder } from "./domain/update-forwarder.js";
import { registerWebSocketEndpoint } from "./transport/websocket-endpoint.js";

/** Wires realtime: `task-updates` → UpdateForwarder → ConnectionHub → the owning user's WebSockets. */
export function createRealtimeApp(deps: {
  config: RealtimeConfig;
  dapr: DaprClient;
  logger: Logger;
  hs256Secret?: string;
}) {
  const { config, dapr, logger } = deps;
  const metrics = createMetrics("realtime");
  const hub = new ConnectionHub(metrics.registry);
  const app = createHttpServer({
    service: "realtime",
    logger,
    metrics,
    readiness: [sidecarReady(dapr)],
  });
  const verify = tokenVerifierFromConfig(config, deps.hs256Secret);
  registerWebSocketEndpoint(app, {
    hub,
    verify,
    logger,
    heartbeatSeconds: config.HEARTBEAT_SECONDS,
  });
  const forwarder = new UpdateForwarder(hub);
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) =>
    registerSubscriptions(
      sidecar,
      [
        {
          topic: Topics.taskUpdates,
          route: "/events/task-updates",
          handle: (e) => forwarder.handle(e),
        },
      ],
      {
        logger,
        metrics,
        pubsubName: config.PUBSUB_NAME,
        failures: deliveryFailureRecorder({
          dapr,
          pubsubName: config.PUBSUB_NAME,
          service: "realtime",
          logger,
        }),
      },
    ),
  );
  return { app, hub };
}
