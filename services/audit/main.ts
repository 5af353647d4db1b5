/** audit entry point: config → secrets → migrations → subscriptions and read API; drains on SIGTERM. */
import { fileURLToPath } from "node:url";
import { createLogger } from "../shared/logger.js";
import { runService } from "../shared/service-runner.js";
import { connectSidecar, openServiceDatabase, resolveAuthSecret } from "../shared/startup.js";
import { createAuditApp } from "./app.js";
import { loadAuditConfig } from "./config.js";

const config = loadAuditConfig();
const logger = createLogger("audit", config.LOG_LEVEL);
const dapr = connectSidecar(config);
const auth = await resolveAuthSecret(dapr, config);
const pool = await openServiceDatabase({
  service: "audit",
  dapr,
  config,
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  logger,
});
const { app } = createAuditApp({ config, pool, dapr, logger, ...auth });
await runService({
  app,
  logger,
  config,
  onShutdown: () => pool.end(),
});
