/** The services `npm run local` and the integration tests can start, by name. */
import { serviceDefinitions } from "../../services/service-definitions.js";
import type { ServiceDefinition } from "../../services/shared/service-definition.js";

export const SERVICES: readonly ServiceDefinition[] = serviceDefinitions;

export type ServiceName = string;

export function serviceByName(name: ServiceName): ServiceDefinition {
  const found = SERVICES.find((s) => s.name === name);
  if (!found)
    throw new Error(`unknown service '${name}' (known: ${SERVICES.map((s) => s.name).join(", ")})`);
  return found;
}
