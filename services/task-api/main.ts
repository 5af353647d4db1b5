/** task-api entry point: the HTTP API, and the relay that publishes the outbox. */
import { startService } from "../runtime/startup.js";
import { createTaskApi } from "./app.js";
import { taskApiConfigSchema } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  configSchema: taskApiConfigSchema,
  migrations: new URL("./migrations", import.meta.url),
  create: (deps) => {
    const { app, relay } = createTaskApi(deps);
    return {
      app,
      onShutdown: () => relay.stop(),
      onListening: () => void relay.kick(), // events left from before a restart
    };
  },
});
