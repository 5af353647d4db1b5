/**
 * The Dapr resources of `npm run local` and the integration tests: the documents TodoSystem
 * deploys (stacks/todo/todo-dapr-resources.ts), for this machine's Kafka and Redis, with the
 * local-file secret store and no access control (standalone daprd has no Sentry identities).
 * All go to one folder: daprd honours each document's `scopes` as it does on Kubernetes.
 */
import { join } from "node:path";
import {
  todoDaprResources,
  type TodoDaprResources,
} from "../../stacks/todo/todo-dapr-resources.js";
import type { ServiceDefinition } from "../../services/service-definition.js";
import { localFileSecretStoreDocument, writeDaprResources } from "../dapr/dapr-components.js";

export interface LocalDaprResourceOptions {
  readonly kafkaBrokers: string;
  /** `host:port` of Redis (state store and actor state), without AUTH. */
  readonly redisHost: string;
  readonly secretsFile: string;
  /** URL the notification webhook binding posts to. @default - the binding is not created */
  readonly webhookUrl?: string;
}

/** The Todo Dapr resources of `definitions` on this machine. */
export function localDaprResources(
  definitions: readonly ServiceDefinition[],
  options: LocalDaprResourceOptions,
): TodoDaprResources {
  return todoDaprResources(definitions, {
    kafka: { brokers: options.kafkaBrokers, tls: false },
    redis: { host: options.redisHost, tls: false },
    secretStore: (placement) =>
      localFileSecretStoreDocument({ ...placement, secretsFile: options.secretsFile }),
    webhookUrl: options.webhookUrl,
    accessControl: false,
  });
}

/**
 * Writes the resources into `<dir>/resources` and returns that folder (for every daprd's
 * `--resources-path`) with what each service must be told about them.
 */
export function writeLocalDaprResources(
  dir: string,
  definitions: readonly ServiceDefinition[],
  options: LocalDaprResourceOptions,
): { readonly resourcesPath: string; readonly env: TodoDaprResources["env"] } {
  const resources = localDaprResources(definitions, options);
  return {
    resourcesPath: writeDaprResources(
      join(dir, "resources"),
      resources.resources.map((r) => r.document),
    ),
    env: resources.env,
  };
}
