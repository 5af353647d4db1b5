import { z } from "zod";
import {
  authConfigSchema,
  baseConfigSchema,
  databaseConfigSchema,
  loadConfig,
  portSchema,
} from "../shared/config.js";

/** audit settings; `DATABASE_URL` and the HS256 secret normally come from the secret store. */
export const auditConfigSchema = baseConfigSchema
  .extend(authConfigSchema.shape)
  .extend(databaseConfigSchema("audit").shape)
  .extend({
    PORT: portSchema.default(8081),
    PUBSUB_NAME: z.string().min(1).default("pubsub"),
  });
export type AuditConfig = z.output<typeof auditConfigSchema>;
export const loadAuditConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig("audit", auditConfigSchema, env);
