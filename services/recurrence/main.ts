/** recurrence entry point: config → actor host + subscription; drains on SIGTERM. */
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { connectSidecar } from "../shared/startup.js";
import { createRecurrenceApp } from "./app.js";
import { loadRecurrenceConfig } from "./config.js";

const config = loadRecurrenceConfig();
const logger = createLogger("recurrence", config.LOG_LEVEL);
const dapr = connectSidecar(config);
const { app } = createRecurrenceApp({ config, dapr, logger });
await runService({
  app,
  logger,
  config,
});
