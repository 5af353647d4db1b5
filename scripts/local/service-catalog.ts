/** Every service of the system, in start order (producers first). */
import type { ServiceDefinition } from "../../services/shared/service-definition.js";
import { serviceDefinition as audit } from "../../services/audit/service-definition.js";
import { serviceDefinition as notification } from "../../services/notification/service-definition.js";
import { serviceDefinition as realtime } from "../../services/realtime/service-definition.js";
import { serviceDefinition as recurrence } from "../../services/recurrence/service-definition.js";
import { serviceDefinition as taskApi } from "../../services/task-api/service-definition.js";

export const SERVICES: readonly ServiceDefinition[] = [
  taskApi,
  audit,
  recurrence,
  notification,
  realtime,
];

export type ServiceName = string;

export function serviceByName(name: ServiceName): ServiceDefinition {
  const found = SERVICES.find((s) => s.name === name);
  if (!found)
    throw new Error(`unknown service '${name}' (known: ${SERVICES.map((s) => s.name).join(", ")})`);
  return found;
}
