import { z } from "zod";
import { serviceConfigSchema } from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** realtime settings; the HS256 secret normally comes from the secret store. */
export const realtimeConfigSchema = serviceConfigSchema(serviceDefinition, {
  /** Seconds between WebSocket pings; a client that misses one is disconnected. */
  HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(30),
});
export type RealtimeConfig = z.output<typeof realtimeConfigSchema>;
