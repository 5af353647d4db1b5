/**
 * The Dapr resources (components, resiliency) each service's sidecar loads on one machine,
 * built with the component writers of scripts/infra/dapr-components.ts and the Resiliency
 * builder of constructs/dapr (the same policies as on Kubernetes). One folder per app
 * is the local equivalent of component `scopes` on Kubernetes.
 */
import { join } from "node:path";
import { daprResiliencySpec } from "../../constructs/dapr/dapr-resiliency.js";
import {
  cronBinding,
  DAPR_COMPONENT_NAMES,
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
}

/**
 * The Resiliency of DaprResiliency on Kubernetes (one builder, daprResiliencySpec), with the
 * targets `definition`'s sidecar has: its pub/sub, its other components, the apps it invokes.
 */
export function localResiliency(definition: ServiceDefinition): DaprResource {
  const components = definition.components.filter((c) => c !== "secretstore");
  return {
    apiVersion: "dapr.io/v1alpha1",
    kind: "Resiliency",
    metadata: { name: "todo-resiliency" },
    spec: daprResiliencySpec({
      invokedApps: definition.invokes,
      pubsubNames: components.filter((c) => c === DAPR_COMPONENT_NAMES.pubsub),
      components: components.filter((c) => c !== DAPR_COMPONENT_NAMES.pubsub),
    }),
  };
}

/** Writes the resources `definition` needs into `<dir>/<app id>` and returns that folder. */
export function writeLocalDaprResources(
  dir: string,
  definition: ServiceDefinition,
  options: LocalDaprResourceOptions,
): string {
  const resources: DaprResource[] = [localResiliency(definition)];
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
