import { z } from "zod";
import { serviceConfigSchema } from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** notification settings; `DATABASE_URL` and the HS256 secret normally come from the secret store. */
export const notificationConfigSchema = serviceConfigSchema(serviceDefinition, {
  /** Dapr state store holding each task's scheduled reminder. */
  STATE_STORE_NAME: z.string().min(1).default("statestore"),
  /** Dapr HTTP output binding that receives each delivered reminder; unset = no webhook. */
  WEBHOOK_BINDING: z.string().min(1).optional(),
});
export type NotificationConfig = z.output<typeof notificationConfigSchema>;
