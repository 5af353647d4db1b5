/** recurrence entry point: the series actor host and the `task-events` subscription. */
import { startService } from "../runtime/startup.js";
import { createRecurrenceApp } from "./app.js";
import { recurrenceConfigSchema } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  configSchema: recurrenceConfigSchema,
  create: createRecurrenceApp,
});
