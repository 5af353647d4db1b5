/**
 * Every Todo service's definition: the one list the IaC, the environment schema, the image
 * build and `npm run local` derive theirs from. Start order: producers first.
 */
import { serviceDefinition as audit } from "./audit/service-definition.js";
import { serviceDefinition as notification } from "./notification/service-definition.js";
import { serviceDefinition as realtime } from "./realtime/service-definition.js";
import { serviceDefinition as recurrence } from "./recurrence/service-definition.js";
import type { ServiceDefinition } from "./service-definition.js";
import { serviceDefinition as taskApi } from "./task-api/service-definition.js";

export type { ServiceDefinition } from "./service-definition.js";

export const serviceDefinitions = [taskApi, audit, recurrence, notification, realtime] as const;

/** The name of a Todo service, e.g. `"task-api"`. */
export type ServiceName = (typeof serviceDefinitions)[number]["name"];

/** The definition named `name`; fails naming the known ones. */
export function serviceByName(
  name: string,
  definitions: readonly ServiceDefinition[] = serviceDefinitions,
): ServiceDefinition {
  const found = definitions.find((s) => s.name === name);
  if (!found)
    throw new Error(
      `unknown service '${name}' (known: ${definitions.map((s) => s.name).join(", ")})`,
    );
  return found;
}
