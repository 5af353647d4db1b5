import { z } from "zod";
import { serviceConfigSchema } from "../runtime/config.js";
import { callersOf } from "../service-definition.js";
import { serviceDefinitions } from "../service-definitions.js";
import { serviceDefinition } from "./service-definition.js";

/**
 * task-api settings, from the environment. `DATABASE_URL` and `AUTH_HS256_SECRET` normally
 * come from the Dapr secret store (keys `task-api-database-url`, `auth-hs256-secret`); the
 * environment variables override that for tests.
 */
export const taskApiConfigSchema = serviceConfigSchema(serviceDefinition, {
  /** Dapr app ids allowed to call the internal series endpoint: by default, those that invoke task-api. */
  INTERNAL_CALLERS: z
    .string()
    .default(callersOf(serviceDefinition, serviceDefinitions).join(","))
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  /** ms a relay kick waits for more commits, so one pass carries many events. */
  OUTBOX_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
});
export type TaskApiConfig = z.output<typeof taskApiConfigSchema>;
