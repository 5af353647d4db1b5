/** audit entry point: the `task-events` subscription into the append-only log, and its read API. */
import { startService } from "../runtime/startup.js";
import { createAuditApp } from "./app.js";
import { auditConfigSchema } from "./config.js";
import { serviceDefinition } from "./service-definition.js";

await startService({
  definition: serviceDefinition,
  configSchema: auditConfigSchema,
  migrations: new URL("./migrations", import.meta.url),
  create: createAuditApp,
});
