/** realtime entry point: the WebSocket endpoint and the `task-updates` subscription. */
import { startService } from "../runtime/startup.js";
import { createRealtimeApp } from "./app.js";
import { loadRealtimeConfig } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  config: loadRealtimeConfig(),
  create: createRealtimeApp,
});
