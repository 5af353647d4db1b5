import type { DaprClient } from "../runtime/dapr/dapr-client.js";
import { deliveryFailureRecorder } from "../runtime/dapr/delivery-failures.js";
import { registerSidecarRoutes } from "../runtime/dapr/sidecar-routes.js";
import { registerSubscriptions } from "../runtime/dapr/subscriptions.js";
import { Topics } from "../domain/events/topics.js";
import { createHttpServer, sidecarReady } from "../runtime/http-server.js";
import type { Logger } from "../runtime/logger.js";
import { createMetrics } from "../runtime/metrics.js";
import type { RecurrenceConfig } from "./config.js";
import { CompletionHandler } from "./domain/completion-handler.js";
import { SeriesActor } from "./domain/series-actor.js";
import { registerActorRoutes } from "./transport/actor-routes.js";

/** Wires recurrence: `task-events` → CompletionHandler → SeriesActor (Dapr actor) → task-api (service invocation). */
export function createRecurrenceApp(deps: {
  config: RecurrenceConfig;
  dapr: DaprClient;
  logger: Logger;
}) {
  const { config, dapr, logger } = deps;
  const metrics = createMetrics("recurrence");
  const app = createHttpServer({
    service: "recurrence",
    logger,
    metrics,
    readiness: [sidecarReady(dapr)],
  });
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) => {
    registerActorRoutes(
      sidecar,
      new SeriesActor(dapr, config.TASK_API_APP_ID, logger, metrics.registry),
      config.ACTOR_IDLE_TIMEOUT,
    );
    const handler = new CompletionHandler(dapr);
    registerSubscriptions(
      sidecar,
      [
        {
          topic: Topics.taskEvents,
          route: "/events/task-events",
          handle: (e) => handler.handle(e),
        },
      ],
      {
        logger,
        metrics,
        pubsubName: config.PUBSUB_NAME,
        failures: deliveryFailureRecorder({
          dapr,
          pubsubName: config.PUBSUB_NAME,
          service: "recurrence",
          logger,
        }),
      },
    );
  });
  return { app };
}
