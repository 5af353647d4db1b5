/** realtime entry point: config → secret → WebSocket endpoint + subscription; closes sockets on SIGTERM. */
import { DaprClient } from "../shared/dapr/dapr-client.js";
import { createLogger } from "../shared/logger.js";
import { resolveSecret } from "../shared/secrets.js";
import { runService } from "../shared/service-runner.js";
import { createRealtimeApp } from "./app.js";
import { loadRealtimeConfig } from "./config.js";

const config = loadRealtimeConfig();
const logger = createLogger("realtime", config.LOG_LEVEL);
const dapr = new DaprClient({
  host: config.DAPR_HOST,
  httpPort: config.DAPR_HTTP_PORT,
  apiToken: process.env.DAPR_API_TOKEN,
});
const hs256Secret = config.AUTH_JWKS_URL
  ? undefined
  : await resolveSecret(
      dapr,
      config.SECRET_STORE_NAME,
      "auth-hs256-secret",
      config.AUTH_HS256_SECRET,
    );
const { app } = createRealtimeApp({
  config,
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
});
