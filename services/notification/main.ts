/** notification entry point: config → secrets → migrations → subscriptions, job callbacks, read API. */
import { fileURLToPath } from "node:url";
import { DaprClient } from "../shared/dapr/dapr-client.js";
import { migrate } from "../shared/db/migrate.js";
import { createPool } from "../shared/db/pool.js";
import { createLogger } from "../shared/logger.js";
import { resolveSecret } from "../shared/secrets.js";
import { runService } from "../shared/service-runner.js";
import { createNotificationApp } from "./app.js";
import { loadNotificationConfig } from "./config.js";

const config = loadNotificationConfig();
const logger = createLogger("notification", config.LOG_LEVEL);
const dapr = new DaprClient({
  host: config.DAPR_HOST,
  httpPort: config.DAPR_HTTP_PORT,
  apiToken: process.env.DAPR_API_TOKEN,
});
const store = config.SECRET_STORE_NAME;
const databaseUrl = await resolveSecret(
  dapr,
  store,
  "notification-database-url",
  config.DATABASE_URL,
);
const hs256Secret = config.AUTH_JWKS_URL
  ? undefined
  : await resolveSecret(dapr, store, "auth-hs256-secret", config.AUTH_HS256_SECRET);

await migrate({
  databaseUrl,
  dir: fileURLToPath(new URL("./migrations", import.meta.url)),
  schema: config.DATABASE_SCHEMA,
  logger,
});
const pool = createPool(databaseUrl, config.DATABASE_SCHEMA);
const { app } = createNotificationApp({
  config,
  pool,
  dapr,
  logger,
  ...(hs256Secret ? { hs256Secret } : {}),
});
await runService({
  app,
  logger,
  host: config.HOST,
  port: config.PORT,
  graceSeconds: config.SHUTDOWN_GRACE_SECONDS,
  onShutdown: () => pool.end(),
});
