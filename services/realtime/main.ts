/** realtime entry point: the WebSocket endpoint and the `task-updates` subscription. */
import { startService } from "../runtime/startup.js";
import { createRealtimeApp } from "./app.js";
import { realtimeConfigSchema } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  configSchema: realtimeConfigSchema,
  create: createRealtimeApp,
});
