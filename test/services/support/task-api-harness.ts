import { fileURLToPath } from "node:url";
import type pg from "pg";
import { createTaskApi, type TaskApi } from "../../../services/task-api/app.js";
import { taskApiConfigSchema } from "../../../services/task-api/config.js";
import { serviceDefinition } from "../../../services/task-api/service-definition.js";
import { loadConfig } from "../../../services/runtime/config.js";
import { DaprClient } from "../../../services/runtime/dapr/dapr-client.js";
import { migrate } from "../../../services/runtime/db/migrate.js";
import { createPool } from "../../../services/runtime/db/pool.js";
import { createLogger } from "../../../services/runtime/logger.js";
import { createMetrics } from "../../../services/runtime/metrics.js";
import { TEST_JWT_SECRET } from "./api-client.js";

export interface RunningTaskApi extends TaskApi {
  readonly baseUrl: string;
  readonly port: number;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

/** The app API token the in-process task-api expects on its sidecar-only routes (not a real credential). */
export const TEST_APP_API_TOKEN = "test-only-app-api-token-0123456789abcdef";

const MIGRATIONS = fileURLToPath(new URL("../../../services/task-api/migrations", import.meta.url));

/**
 * task-api in this process on a free port, against a real database, publishing through the
 * sidecar at `daprHttpPort` (a port nobody listens on makes every publish fail: broker-down).
 */
export async function startTaskApi(options: {
  databaseUrl: string;
  daprHttpPort: number;
  port?: number;
}): Promise<RunningTaskApi> {
  const config = loadConfig(serviceDefinition.name, taskApiConfigSchema, {
    DATABASE_URL: options.databaseUrl,
    AUTH_HS256_SECRET: TEST_JWT_SECRET,
    DAPR_HTTP_PORT: String(options.daprHttpPort),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    APP_API_TOKEN: TEST_APP_API_TOKEN,
  });
  const logger = createLogger("task-api", config.LOG_LEVEL);
  await migrate({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS,
    schema: config.DATABASE_SCHEMA,
    logger,
  });
  const pool = createPool(options.databaseUrl, config.DATABASE_SCHEMA);
  const dapr = new DaprClient({ host: "127.0.0.1", httpPort: options.daprHttpPort });
  const api = createTaskApi({
    definition: serviceDefinition,
    config,
    pool,
    dapr,
    logger,
    metrics: createMetrics(serviceDefinition.name),
    hs256Secret: TEST_JWT_SECRET,
  });
  await api.app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  const address = api.app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    ...api,
    pool,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await api.app.close();
      await api.relay.stop();
      await pool.end();
    },
  };
}
