/**
 * The Dapr resources (components, resiliency) each service's sidecar loads on one machine,
 * built with the component writers of scripts/infra/dapr-components.ts. One folder per app
 * is the local equivalent of component `scopes` on Kubernetes.
 */
import { join } from "node:path";
import {
  cronBinding,
  httpBinding,
  kafkaPubSub,
  localFileSecretStore,
  redisStateStore,
  writeDaprResources,
  type DaprResource,
} from "../infra/dapr-components.js";
import type { ServiceDefinition } from "../../services/shared/service-definition.js";

export interface LocalDaprResourceOptions {
  readonly kafkaBrokers: string;
  /** `host:port` of Redis (state store and actor state). */
  readonly redisHost: string;
  readonly secretsFile: string;
  /** URL the notification webhook binding posts to. @default - the binding is not created */
  readonly webhookUrl?: string;
  /** Retries of a failing event delivery before it goes to the dead-letter topic. @default 3 */
  readonly maxDeliveryRetries?: number;
}

/**
 * Bounded retries with exponential backoff for inbound events (then Dapr dead-letters them),
 * and for outbound publishes and invocations; a circuit breaker stops hammering a down broker.
 */
export function resiliency(maxRetries: number): DaprResource {
  return {
    apiVersion: "dapr.io/v1alpha1",
    kind: "Resiliency",
    metadata: { name: "todo-resiliency" },
    spec: {
      policies: {
        timeouts: { general: "10s" },
        retries: {
          inboundEvents: {
            policy: "exponential",
            initialInterval: "200ms",
            maxInterval: "2s",
            maxRetries,
          },
          outbound: {
            policy: "exponential",
            initialInterval: "100ms",
            maxInterval: "1s",
            maxRetries: 2,
          },
        },
        circuitBreakers: {
          broker: {
            maxRequests: 1,
            interval: "10s",
            timeout: "5s",
            trip: "consecutiveFailures >= 5",
          },
        },
      },
      targets: {
        components: {
          pubsub: {
            inbound: { retry: "inboundEvents" },
            outbound: { retry: "outbound", timeout: "general" },
          },
        },
      },
    },
  };
}

/** Writes the resources `definition` needs into `<dir>/<app id>` and returns that folder. */
export function writeLocalDaprResources(
  dir: string,
  definition: ServiceDefinition,
  options: LocalDaprResourceOptions,
): string {
  const resources: DaprResource[] = [resiliency(options.maxDeliveryRetries ?? 3)];
  for (const component of definition.components) {
    if (component === "pubsub") resources.push(kafkaPubSub({ brokers: options.kafkaBrokers }));
    else if (component === "statestore")
      resources.push(redisStateStore({ redisHost: options.redisHost, actorStateStore: true }));
    else if (component === "secretstore")
      resources.push(localFileSecretStore({ secretsFile: options.secretsFile }));
    else if (component === "webhook") {
      if (options.webhookUrl)
        resources.push(httpBinding({ name: "webhook", url: options.webhookUrl }));
    } else if (definition.cronBindings?.[component]) {
      resources.push(
        cronBinding({
          name: component,
          schedule: definition.cronBindings[component]!,
          route: `/${component}`,
        }),
      );
    } else {
      throw new Error(`${definition.name}: no local definition for Dapr component '${component}'`);
    }
  }
  return writeDaprResources(join(dir, definition.daprAppId), resources);
}
