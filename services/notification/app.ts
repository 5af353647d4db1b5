import type pg from "pg";
import { Histogram } from "prom-client";
import { tokenVerifierFromConfig } from "../runtime/auth.js";
import type { DaprClient } from "../runtime/dapr/dapr-client.js";
import { deliveryFailureRecorder } from "../runtime/dapr/delivery-failures.js";
import { registerSidecarRoutes } from "../runtime/dapr/sidecar-routes.js";
import { registerSubscriptions } from "../runtime/dapr/subscriptions.js";
import { Topics } from "../domain/events/topics.js";
import {
  brokerReady,
  createHttpServer,
  postgresReady,
  sidecarReady,
} from "../runtime/http-server.js";
import type { Logger } from "../runtime/logger.js";
import { createMetrics } from "../runtime/metrics.js";
import type { NotificationConfig } from "./config.js";
import { ReminderDelivery } from "./domain/reminder-delivery.js";
import { ReminderDispatcher } from "./domain/reminder-dispatcher.js";
import { ReminderScheduler } from "./domain/reminder-scheduler.js";
import { NotificationRepository } from "./repositories/notification-repository.js";
import { registerJobRoutes } from "./transport/job-routes.js";
import { registerNotificationRoutes } from "./transport/notification-routes.js";

/**
 * Wires notification: `task-events` → ReminderScheduler → Dapr Jobs; job fires → ReminderDispatcher
 * → `reminders`; `reminders` → ReminderDelivery → store + `task-updates` + webhook binding.
 */
export function createNotificationApp(deps: {
  config: NotificationConfig;
  pool: pg.Pool;
  dapr: DaprClient;
  logger: Logger;
  hs256Secret?: string;
}) {
  const { config, pool, dapr, logger } = deps;
  const metrics = createMetrics("notification");
  const repository = new NotificationRepository();
  const scheduler = new ReminderScheduler(dapr, config.STATE_STORE_NAME);
  const dispatcher = new ReminderDispatcher(dapr, config.PUBSUB_NAME);
  const delivery = new ReminderDelivery({
    pool,
    repository,
    dapr,
    pubsub: config.PUBSUB_NAME,
    stateStore: config.STATE_STORE_NAME,
    delay: new Histogram({
      name: "reminder_delivery_delay_seconds",
      help: "Seconds from a reminder's remind_at to its delivery",
      buckets: [1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers: [metrics.registry],
    }),
    ...(config.WEBHOOK_BINDING ? { webhookBinding: config.WEBHOOK_BINDING } : {}),
  });
  const app = createHttpServer({
    service: "notification",
    logger,
    metrics,
    // Deliveries need Postgres; scheduling, state and publishing go through the sidecar.
    readiness: [postgresReady(pool), sidecarReady(dapr), brokerReady(dapr, { required: false })],
  });
  registerSidecarRoutes(app, config.APP_API_TOKEN, (sidecar) => {
    registerSubscriptions(
      sidecar,
      [
        {
          topic: Topics.taskEvents,
          route: "/events/task-events",
          handle: (e) => scheduler.handle(e),
        },
        { topic: Topics.reminders, route: "/events/reminders", handle: (e) => delivery.handle(e) },
      ],
      {
        logger,
        metrics,
        pubsubName: config.PUBSUB_NAME,
        failures: deliveryFailureRecorder({
          dapr,
          pubsubName: config.PUBSUB_NAME,
          service: "notification",
          logger,
        }),
      },
    );
    registerJobRoutes(sidecar, dispatcher);
  });
  const verify = tokenVerifierFromConfig(config, deps.hs256Secret);
  registerNotificationRoutes(app, { repository, pool, verify });
  return { app };
}
