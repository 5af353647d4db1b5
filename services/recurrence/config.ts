import { z } from "zod";
import { serviceConfigSchema } from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** recurrence settings. It keeps no database: series state lives in Dapr actor state. */
export const recurrenceConfigSchema = serviceConfigSchema(serviceDefinition, {
  /** Dapr app id of task-api, called through service invocation. */
  TASK_API_APP_ID: z.string().min(1).default("task-api"),
  /** How long an idle series actor stays activated. */
  ACTOR_IDLE_TIMEOUT: z
    .string()
    .regex(/^\d+[smh]$/)
    .default("1h"),
});
export type RecurrenceConfig = z.output<typeof recurrenceConfigSchema>;
