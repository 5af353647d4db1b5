/** recurrence entry point: config → actor host + subscription; drains on SIGTERM. */
import { DaprClient } from "../shared/dapr/dapr-client.js";
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { createRecurrenceApp } from "./app.js";
import { loadRecurrenceConfig } from "./config.js";

const config = loadRecurrenceConfig();
const logger = createLogger("recurrence", config.LOG_LEVEL);
const dapr = new DaprClient({
  host: config.DAPR_HOST,
  httpPort: config.DAPR_HTTP_PORT,
  apiToken: process.env.DAPR_API_TOKEN,
});
const { app } = createRecurrenceApp({ config, dapr, logger });
await runService({
  app,
  logger,
  host: config.HOST,
  port: config.PORT,
  graceSeconds: config.SHUTDOWN_GRACE_SECONDS,
});
