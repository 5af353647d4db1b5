import type { z } from "zod";
import { serviceConfigSchema } from "../runtime/config.js";
import { serviceDefinition } from "./service-definition.js";

/** audit settings, none of its own; `DATABASE_URL` and the HS256 secret normally come from the secret store. */
export const auditConfigSchema = serviceConfigSchema(serviceDefinition);
export type AuditConfig = z.output<typeof auditConfigSchema>;
