/** notification entry point: subscriptions, job callbacks and the read API. */
import { startService } from "../runtime/startup.js";
import { createNotificationApp } from "./app.js";
import { notificationConfigSchema } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  configSchema: notificationConfigSchema,
  migrations: new URL("./migrations", import.meta.url),
  create: createNotificationApp,
});
