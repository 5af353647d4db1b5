import { z } from "zod";
import { authConfigSchema, baseConfigSchema, loadConfig, portSchema } from "../shared/config.js";

/** realtime settings; the HS256 secret normally comes from the secret store. */
export const realtimeConfigSchema = baseConfigSchema.extend(authConfigSchema.shape).extend({
  PORT: portSchema.default(8084),
  PUBSUB_NAME: z.string().min(1).default("pubsub"),
  /** Seconds between WebSocket pings; a client that misses one is disconnected. */
  HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(30),
});
export type RealtimeConfig = z.output<typeof realtimeConfigSchema>;
export const loadRealtimeConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig("realtime", realtimeConfigSchema, env);
