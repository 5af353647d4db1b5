/** realtime entry point: config → secret → WebSocket endpoint + subscription; closes sockets on SIGTERM. */
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { connectSidecar, resolveAuthSecret } from "../shared/startup.js";
import { createRealtimeApp } from "./app.js";
import { loadRealtimeConfig } from "./config.js";

const config = loadRealtimeConfig();
const logger = createLogger("realtime", config.LOG_LEVEL);
const dapr = connectSidecar(config);
const auth = await resolveAuthSecret(dapr, config);
const { app } = createRealtimeApp({ config, dapr, logger, ...auth });
await runService({
  app,
  logger,
  config,
});
