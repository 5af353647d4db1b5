/** task-api entry point: config → secrets → migrations → HTTP server; drains on SIGTERM. */
import { fileURLToPath } from "node:url";
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { connectSidecar, openServiceDatabase, resolveAuthSecret } from "../shared/startup.js";
import { createTaskApi } from "./app.js";
import { loadTaskApiConfig } from "./config.js";

const config = loadTaskApiConfig();
const logger = createLogger("task-api", config.LOG_LEVEL);
const dapr = connectSidecar(config);
const auth = await resolveAuthSecret(dapr, config);
const pool = await openServiceDatabase({
  service: "task-api",
  dapr,
  config,
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  logger,
});
const { app, relay } = createTaskApi({ config, pool, dapr, logger, ...auth });
await runService({
  app,
  logger,
  config,
  onShutdown: async () => {
    await relay.stop();
    await pool.end();
  },
});
void relay.kick(); // events left from before a restart
