/**
 * Every Todo service's definition, for the IaC (`import { serviceDefinitions } from
 * "../services/service-definitions.js"`) and `npm run local`. Start order: producers first.
 */
import { serviceDefinition as audit } from "./audit/service-definition.js";
import { serviceDefinition as notification } from "./notification/service-definition.js";
import { serviceDefinition as realtime } from "./realtime/service-definition.js";
import { serviceDefinition as recurrence } from "./recurrence/service-definition.js";
import type { ServiceDefinition } from "./shared/service-definition.js";
import { serviceDefinition as taskApi } from "./task-api/service-definition.js";

export type { ServiceDefinition } from "./shared/service-definition.js";

export const serviceDefinitions: readonly ServiceDefinition[] = [
  taskApi,
  audit,
  recurrence,
  notification,
  realtime,
];
