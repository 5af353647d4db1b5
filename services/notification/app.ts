import type pg from "pg";
import { createTokenVerifier } from "../shared/auth.js";
import type { DaprClient } from "../shared/dapr/dapr-client.js";
import { registerSubscriptions } from "../shared/dapr/subscriptions.js";
import { Topics } from "../shared/events/topics.js";
import { createHttpServer } from "../shared/http-server.js";
import type { Logger } from "../shared/logger.js";
import { createMetrics } from "../shared/metrics.js";
import type { NotificationConfig } from "./config.js";
import { ReminderDelivery } from "./domain/reminder-delivery.js";
import { ReminderDispatcher } from "./domain/reminder-dispatcher.js";
import { ReminderScheduler } from "./domain/reminder-scheduler.js";
import { NotificationRepository } from "./repositories/notification-repository.js";
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
    ...(config.WEBHOOK_BINDING ? { webhookBinding: config.WEBHOOK_BINDING } : {}),
  });
  const app = createHttpServer({
    service: "notification",
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
        handle: (e) => scheduler.handle(e),
      },
      { topic: Topics.reminders, route: "/events/reminders", handle: (e) => delivery.handle(e) },
    ],
    { logger, metrics, pubsubName: config.PUBSUB_NAME },
  );
  const verify = createTokenVerifier({
    ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
    ...(deps.hs256Secret ? { hs256Secret: deps.hs256Secret } : {}),
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
  });
  registerNotificationRoutes(app, { dispatcher, repository, pool, verify });
  return { app };
}
