import { z } from "zod";
import { authConfigSchema, baseConfigSchema, loadConfig } from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** realtime settings; the HS256 secret normally comes from the secret store. */
export const realtimeConfigSchema = baseConfigSchema(serviceDefinition)
  .extend(authConfigSchema.shape)
  .extend({
    /** Seconds between WebSocket pings; a client that misses one is disconnected. */
    HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(30),
  });
export type RealtimeConfig = z.output<typeof realtimeConfigSchema>;
export const loadRealtimeConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(serviceDefinition.name, realtimeConfigSchema, env);
