/** notification entry point: config → secrets → migrations → subscriptions, job callbacks, read API. */
import { fileURLToPath } from "node:url";
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { connectSidecar, openServiceDatabase, resolveAuthSecret } from "../shared/startup.js";
import { createNotificationApp } from "./app.js";
import { loadNotificationConfig } from "./config.js";

const config = loadNotificationConfig();
const logger = createLogger("notification", config.LOG_LEVEL);
const dapr = connectSidecar(config);
const auth = await resolveAuthSecret(dapr, config);
const pool = await openServiceDatabase({
  service: "notification",
  dapr,
  config,
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  logger,
});
const { app } = createNotificationApp({ config, pool, dapr, logger, ...auth });
await runService({
  app,
  logger,
  config,
  onShutdown: () => pool.end(),
});
