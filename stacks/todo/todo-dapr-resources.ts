/**
 * The Dapr resources of the Todo system, decided once from the service definitions: the pub/sub,
 * state store, secret store and bindings each service loads (component scopes), the Resiliency
 * every sidecar applies, and each sidecar's Configuration. {@link TodoSystem} emits these
 * documents on Kubernetes; `npm run local` and the integration tests write the same documents
 * for `daprd --resources-path` (testbed/local/dapr-resources.ts). What must differ between the
 * two is a field of {@link TodoDaprTarget}.
 */
import {
  cronBindingDocument,
  daprConfigurationDocument,
  daprResiliencyDocument,
  httpOutputBindingDocument,
  kafkaPubSubDocument,
  redisStateStoreDocument,
  type DaprResourceDocument,
  type RedisStateStoreDocumentOptions,
} from "../../constructs/index.js";
import { TODO_NAMES } from "./todo-names.js";
import type { ServiceDefinition } from "../../services/service-definitions.js";
import { callersOf } from "../../services/service-definition.js";

/** Where the documents go: what a Kubernetes namespace and one machine do differently. */
export interface TodoDaprTarget {
  /** Kubernetes namespace of every document. @default - none: files for standalone daprd */
  readonly namespace?: string;
  readonly kafka: { readonly brokers: string; readonly tls: boolean };
  /** Redis host, TLS, and the password reference with the secret store resolving it. */
  readonly redis: Pick<RedisStateStoreDocumentOptions, "host" | "tls" | "password" | "secretStore">;
  /**
   * The secret store Component named `name` (Kubernetes Secrets of the namespace on a cluster,
   * a local JSON file on one machine).
   */
  readonly secretStore: (options: {
    readonly name: string;
    readonly namespace?: string;
    readonly scopes: readonly string[];
  }) => DaprResourceDocument;
  /** URL the `webhook` output binding posts to. @default - no webhook binding */
  readonly webhookUrl?: string;
  /** Trace export of every sidecar. @default - tracing off */
  readonly tracing?: {
    readonly otlpEndpoint: string;
    /** @default "grpc" */
    readonly protocol?: "grpc" | "http";
    /** @default 1 */
    readonly samplingRatio?: number;
  };
  /**
   * Service invocation access control (deny, except the callers each definition's `invokes`
   * names). It needs Sentry's mTLS identities, which standalone daprd does not have.
   */
  readonly accessControl: boolean;
}

/** The Todo system's Dapr resources and what each service needs to use them. */
export interface TodoDaprResources {
  /** Components and the Resiliency, by construct ID (part of the Terraform address: keep them). */
  readonly resources: readonly { readonly id: string; readonly document: DaprResourceDocument }[];
  /** Each service's sidecar Configuration, by service name. */
  readonly configurations: ReadonlyMap<string, DaprResourceDocument>;
  /** Settings each service reads to find its components (PUBSUB_NAME, WEBHOOK_BINDING), by service name. */
  readonly env: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Component names the services rely on (their defaults in services/<name>/config.ts). */
export const TODO_DAPR_COMPONENTS = {
  pubsub: "pubsub",
  /** Pub/sub for consumers with a group per replica (realtime), so every pod sees every event. */
  broadcastPubsub: "pubsub-broadcast",
  stateStore: "statestore",
  secretStore: "secretstore",
  webhook: "webhook",
} as const;

/** The Dapr resources of `definitions` for `target`. */
export function todoDaprResources(
  definitions: readonly ServiceDefinition[],
  target: TodoDaprTarget,
): TodoDaprResources {
  const names = TODO_DAPR_COMPONENTS;
  const namespace = target.namespace;
  const using = (component: string) =>
    definitions.filter((d) => d.components.includes(component)).map((d) => d.name);
  const broadcast = definitions.filter((d) => d.consumerGroup === "replica").map((d) => d.name);
  const pubsubOf = (name: string) =>
    broadcast.includes(name) ? names.broadcastPubsub : names.pubsub;

  const resources: { id: string; document: DaprResourceDocument }[] = [];
  const add = (id: string, document: DaprResourceDocument) => resources.push({ id, document });
  add(
    "PubSub",
    kafkaPubSubDocument({
      ...target.kafka,
      namespace,
      scopes: using(names.pubsub).filter((n) => !broadcast.includes(n)),
    }),
  );
  if (broadcast.length > 0)
    add(
      "BroadcastPubSub",
      kafkaPubSubDocument({
        ...target.kafka,
        name: names.broadcastPubsub,
        namespace,
        scopes: broadcast,
        consumerGroup: "{podName}",
      }),
    );
  add(
    "SecretStore",
    target.secretStore({
      name: names.secretStore,
      namespace,
      scopes: definitions.map((d) => d.name),
    }),
  );
  add(
    "StateStore",
    redisStateStoreDocument({
      ...target.redis,
      namespace,
      scopes: using(names.stateStore),
      actorStateStore: definitions.some((d) => d.actors.length > 0),
    }),
  );
  const components: string[] = [names.stateStore];
  for (const definition of definitions)
    for (const [name, schedule] of Object.entries(definition.cronBindings ?? {})) {
      add(
        `Cron-${name}`,
        cronBindingDocument({ name, schedule, namespace, scopes: [definition.name] }),
      );
      components.push(name);
    }
  const webhook = target.webhookUrl !== undefined && using(names.webhook).length > 0;
  if (webhook) {
    add(
      "Webhook",
      httpOutputBindingDocument({
        name: names.webhook,
        url: target.webhookUrl!,
        namespace,
        scopes: using(names.webhook),
      }),
    );
    components.push(names.webhook);
  }
  add(
    "Resiliency",
    daprResiliencyDocument({
      name: TODO_NAMES.resiliency,
      namespace,
      scopes: definitions.map((d) => d.name),
      invokedApps: [...new Set(definitions.flatMap((d) => d.invokes))],
      pubsubNames: [names.pubsub, ...(broadcast.length > 0 ? [names.broadcastPubsub] : [])],
      components,
    }),
  );

  const configurations = new Map(
    definitions.map((definition) => [
      definition.name,
      daprConfigurationDocument({
        name: `${definition.name}-config`,
        namespace,
        otlpEndpoint: target.tracing?.otlpEndpoint,
        otlpProtocol: target.tracing?.protocol,
        traceSamplingRatio: target.tracing?.samplingRatio,
        ...(target.accessControl
          ? {
              accessControl: {
                allowedCallers: callersOf(definition, definitions),
              },
            }
          : {}),
      }),
    ]),
  );
  const env = new Map(
    definitions.map((d) => [
      d.name,
      {
        PUBSUB_NAME: pubsubOf(d.name),
        ...(webhook && d.components.includes(names.webhook)
          ? { WEBHOOK_BINDING: names.webhook }
          : {}),
      },
    ]),
  );
  return { resources, configurations, env };
}
