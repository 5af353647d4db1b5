import { z } from "zod";
import {
  authConfigSchema,
  baseConfigSchema,
  databaseConfigSchema,
  loadConfig,
} from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** audit settings; `DATABASE_URL` and the HS256 secret normally come from the secret store. */
export const auditConfigSchema = baseConfigSchema(serviceDefinition)
  .extend(authConfigSchema.shape)
  .extend(databaseConfigSchema(serviceDefinition).shape);
export type AuditConfig = z.output<typeof auditConfigSchema>;
export const loadAuditConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(serviceDefinition.name, auditConfigSchema, env);
