/** audit entry point: config → secrets → migrations → subscriptions and read API; drains on SIGTERM. */
import { fileURLToPath } from "node:url";
import { DaprClient } from "../shared/dapr/dapr-client.js";
import { migrate } from "../shared/db/migrate.js";
import { createPool } from "../shared/db/pool.js";
import { createLogger } from "../shared/logger.js";
import { resolveSecret } from "../shared/secrets.js";
import { runService } from "../shared/service-runner.js";
import { createAuditApp } from "./app.js";
import { loadAuditConfig } from "./config.js";

const config = loadAuditConfig();
const logger = createLogger("audit", config.LOG_LEVEL);
const dapr = new DaprClient({
  host: config.DAPR_HOST,
  httpPort: config.DAPR_HTTP_PORT,
  apiToken: process.env.DAPR_API_TOKEN,
});
const store = config.SECRET_STORE_NAME;
const databaseUrl = await resolveSecret(dapr, store, "audit-database-url", config.DATABASE_URL);
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
const { app } = createAuditApp({
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
