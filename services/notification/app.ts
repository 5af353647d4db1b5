import { Histogram } from "prom-client";
import { Topics } from "../domain/events/topics.js";
import { brokerReady, postgresReady, sidecarReady } from "../runtime/http-server.js";
import { createServiceApp, type ServiceDeps } from "../runtime/service-app.js";
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
export function createNotificationApp(deps: ServiceDeps<NotificationConfig>) {
  const { config, pool, dapr } = deps;
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
      registers: [deps.metrics.registry],
    }),
    ...(config.WEBHOOK_BINDING ? { webhookBinding: config.WEBHOOK_BINDING } : {}),
  });
  const app = createServiceApp(deps, {
    // Deliveries need Postgres; scheduling, state and publishing go through the sidecar.
    readiness: [postgresReady(pool), sidecarReady(dapr), brokerReady(dapr, { required: false })],
    subscriptions: [
      { topic: Topics.taskEvents, handle: (e) => scheduler.handle(e) },
      { topic: Topics.reminders, handle: (e) => delivery.handle(e) },
    ],
    sidecarRoutes: (sidecar) => registerJobRoutes(sidecar, dispatcher),
    routes: (app, verify) => registerNotificationRoutes(app, { repository, pool, verify }),
  });
  return { app };
}
