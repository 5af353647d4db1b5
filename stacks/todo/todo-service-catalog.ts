/**
 * The five Todo services as the platform deploys them. The source of truth is each service's own
 * `services/<name>/service-definition.ts` (ports, Dapr components, topics, invoked apps, secret
 * keys, settings), so the services and their infrastructure cannot drift apart.
 */
import { serviceDefinitions, type ServiceDefinition } from "../../services/service-definitions.js";

export type { ServiceDefinition };

/** Topic names (DESIGN.md "Events"); each has a `<name>.dlt` dead-letter topic. */
export const TODO_TOPICS = ["task-events", "reminders", "task-updates"] as const;

/** Where consumers note why a delivery failed (Dapr dead-letters without a reason); no DLT. */
export { DELIVERY_FAILURES_TOPIC } from "../../services/shared/events/topics";

/** The services, producers first. */
export const TODO_SERVICES: readonly ServiceDefinition[] = serviceDefinitions;

/** Secret-store keys that hold a Postgres connection URI (`<service>-database-url`). */
export const isDatabaseUrlKey = (key: string) => key.endsWith("-database-url");

/** Secret-store key of the shared HS256 JWT secret. */
export const AUTH_SECRET_KEY = "auth-hs256-secret";
