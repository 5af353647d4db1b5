/**
 * Dapr resource files (Components, Subscriptions, Configuration) for daprd in standalone
 * mode, pointing at the Kafka, Redis and Postgres the tests and `npm run local` start.
 *
 * Component names are a contract the services rely on (see {@link DAPR_COMPONENT_NAMES}):
 * | name          | type                    | for                                          |
 * |---------------|-------------------------|----------------------------------------------|
 * | `pubsub`      | pubsub.kafka            | task-events, reminders, task-updates (+ DLTs) |
 * | `statestore`  | state.redis             | key/value state and actor state              |
 * | `secretstore` | secretstores.local.file | DB URL, JWT secret                           |
 * Bindings (`bindings.cron`, `bindings.http`) and the Postgres state store are named by the
 * service that uses them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

/** The shared component names every service and test uses. */
export const DAPR_COMPONENT_NAMES = {
  pubsub: "pubsub",
  stateStore: "statestore",
  secretStore: "secretstore",
} as const;

/** A metadata value: plain, or read from a secret store (`secretKeyRef`). */
export type DaprMetadataValue =
  string | { readonly secretKeyRef: { readonly name: string; readonly key?: string } };

/** Any Dapr resource manifest (Component, Subscription, Resiliency, Configuration ...). */
export interface DaprResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [field: string]: unknown;
}

/** Fields common to every component builder. */
export interface DaprComponentOptions {
  /** Apps that may load the component. @default - every app */
  readonly scopes?: readonly string[];
  /** Secret store that `secretKeyRef` metadata values are read from. @default - none */
  readonly secretStore?: string;
}

/** A `dapr.io/v1alpha1` Component. */
export function daprComponent(
  name: string,
  type: string,
  metadata: Readonly<Record<string, DaprMetadataValue>>,
  options: DaprComponentOptions & { readonly version?: string } = {},
): DaprResource {
  return {
    apiVersion: "dapr.io/v1alpha1",
    kind: "Component",
    metadata: { name },
    spec: {
      type,
      version: options.version ?? "v1",
      metadata: Object.entries(metadata).map(([key, value]) =>
        typeof value === "string"
          ? { name: key, value }
          : { name: key, secretKeyRef: value.secretKeyRef },
      ),
    },
    ...(options.secretStore ? { auth: { secretStore: options.secretStore } } : {}),
    ...(options.scopes ? { scopes: [...options.scopes] } : {}),
  };
}

/** Options for {@link kafkaPubSub}. */
export interface KafkaPubSubOptions extends DaprComponentOptions {
  /** `host:port[,host:port]` */
  readonly brokers: string;
  /** @default "pubsub" */
  readonly name?: string;
  /** @default - the app id (Dapr's default), so each service is its own consumer group */
  readonly consumerGroup?: string;
  /** Where a new consumer group starts. @default "oldest" - so no event published before the subscriber is lost */
  readonly initialOffset?: "oldest" | "newest";
}

/** `pubsub.kafka` without auth or TLS, for the local broker. */
export function kafkaPubSub(options: KafkaPubSubOptions): DaprResource {
  return daprComponent(
    options.name ?? DAPR_COMPONENT_NAMES.pubsub,
    "pubsub.kafka",
    {
      brokers: options.brokers,
      authType: "none",
      disableTls: "true",
      initialOffset: options.initialOffset ?? "oldest",
      ...(options.consumerGroup ? { consumerGroup: options.consumerGroup } : {}),
    },
    options,
  );
}

/** Options for {@link redisStateStore}. */
export interface RedisStateStoreOptions extends DaprComponentOptions {
  /** `host:port` */
  readonly redisHost: string;
  /** @default "statestore" */
  readonly name?: string;
  /** Store actor state here (exactly one state store per app may). @default true */
  readonly actorStateStore?: boolean;
}

/** `state.redis`. */
export function redisStateStore(options: RedisStateStoreOptions): DaprResource {
  return daprComponent(
    options.name ?? DAPR_COMPONENT_NAMES.stateStore,
    "state.redis",
    {
      redisHost: options.redisHost,
      redisPassword: "",
      actorStateStore: String(options.actorStateStore ?? true),
    },
    options,
  );
}

/** Options for {@link postgresStateStore}. */
export interface PostgresStateStoreOptions extends DaprComponentOptions {
  readonly name: string;
  /** A `postgres://` URL, or a `secretKeyRef` into {@link DaprComponentOptions.secretStore}. */
  readonly connectionString: DaprMetadataValue;
  /** @default "v2" */
  readonly version?: "v1" | "v2";
  /** Prefix of the tables the store creates (v2). @default - Dapr's default */
  readonly tablePrefix?: string;
}

/** `state.postgresql`. */
export function postgresStateStore(options: PostgresStateStoreOptions): DaprResource {
  return daprComponent(
    options.name,
    "state.postgresql",
    {
      connectionString: options.connectionString,
      ...(options.tablePrefix ? { tablePrefix: options.tablePrefix } : {}),
    },
    { ...options, version: options.version ?? "v2" },
  );
}

/** Options for {@link cronBinding}. */
export interface CronBindingOptions extends DaprComponentOptions {
  readonly name: string;
  /** e.g. "@every 10s" or a 6-field cron expression. */
  readonly schedule: string;
  /** App route daprd POSTs to. @default - "/<name>" */
  readonly route?: string;
}

/** `bindings.cron` input binding. */
export function cronBinding(options: CronBindingOptions): DaprResource {
  return daprComponent(
    options.name,
    "bindings.cron",
    {
      schedule: options.schedule,
      direction: "input",
      ...(options.route ? { route: options.route } : {}),
    },
    options,
  );
}

/** Options for {@link httpBinding}. */
export interface HttpBindingOptions extends DaprComponentOptions {
  readonly name: string;
  /** Base URL requests go to. */
  readonly url: string;
}

/** `bindings.http` output binding. */
export function httpBinding(options: HttpBindingOptions): DaprResource {
  return daprComponent(
    options.name,
    "bindings.http",
    { url: options.url, direction: "output" },
    options,
  );
}

/** Options for {@link localFileSecretStore}. */
export interface LocalFileSecretStoreOptions extends DaprComponentOptions {
  /** JSON file of secrets; write it with {@link writeSecretsFile}. */
  readonly secretsFile: string;
  /** @default "secretstore" */
  readonly name?: string;
}

/** `secretstores.local.file` (nested keys joined with ":"). */
export function localFileSecretStore(options: LocalFileSecretStoreOptions): DaprResource {
  return daprComponent(
    options.name ?? DAPR_COMPONENT_NAMES.secretStore,
    "secretstores.local.file",
    { secretsFile: options.secretsFile, nestedSeparator: ":" },
    options,
  );
}

/** `secretstores.local.env` (reads daprd's environment). */
export function localEnvSecretStore(
  name: string,
  options: DaprComponentOptions = {},
): DaprResource {
  return daprComponent(name, "secretstores.local.env", {}, options);
}

/** Options for {@link subscription}. */
export interface SubscriptionOptions {
  readonly name: string;
  readonly topic: string;
  /** App route that receives the events. */
  readonly route: string;
  /** @default "pubsub" */
  readonly pubsubName?: string;
  /** Topic for messages that fail after the resiliency retries. @default - none */
  readonly deadLetterTopic?: string;
  /** @default - every app */
  readonly scopes?: readonly string[];
}

/** A declarative `dapr.io/v2alpha1` Subscription. */
export function subscription(options: SubscriptionOptions): DaprResource {
  return {
    apiVersion: "dapr.io/v2alpha1",
    kind: "Subscription",
    metadata: { name: options.name },
    spec: {
      pubsubname: options.pubsubName ?? DAPR_COMPONENT_NAMES.pubsub,
      topic: options.topic,
      routes: { default: options.route },
      ...(options.deadLetterTopic ? { deadLetterTopic: options.deadLetterTopic } : {}),
    },
    ...(options.scopes ? { scopes: [...options.scopes] } : {}),
  };
}

/**
 * Writes each resource to `<dir>/<kind>-<name>.yaml` (creating `dir`) and returns `dir`,
 * ready for daprd's `--resources-path`.
 */
export function writeDaprResources(dir: string, resources: readonly DaprResource[]): string {
  mkdirSync(dir, { recursive: true });
  for (const resource of resources) {
    const file = join(dir, `${resource.kind.toLowerCase()}-${resource.metadata.name}.yaml`);
    writeFileSync(file, stringify(resource));
  }
  return dir;
}

/** Writes a JSON secrets file for {@link localFileSecretStore} (mode 0600) and returns its path. */
export function writeSecretsFile(file: string, secrets: Readonly<Record<string, string>>): string {
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return file;
}

/** Options for {@link writeDaprConfiguration}. */
export interface DaprConfigurationOptions {
  /** SQLite file shared by all daprd of a run for name resolution (service invocation). */
  readonly nameResolutionDb: string;
  /** @default "daprconfig" */
  readonly name?: string;
  /** OTLP/HTTP endpoint (host:port) to send traces to. @default - tracing off */
  readonly otlpEndpoint?: string;
  /** Extra `spec` fields (features, accessControl, ...), merged last. @default - none */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** Writes `<dir>/config.yaml`, a standalone Configuration, and returns its path. */
export function writeDaprConfiguration(dir: string, options: DaprConfigurationOptions): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "config.yaml");
  const configuration = {
    apiVersion: "dapr.io/v1alpha1",
    kind: "Configuration",
    metadata: { name: options.name ?? "daprconfig" },
    spec: {
      nameResolution: {
        component: "sqlite",
        version: "v1",
        configuration: { connectionString: options.nameResolutionDb },
      },
      tracing: options.otlpEndpoint
        ? {
            samplingRate: "1",
            otel: { endpointAddress: options.otlpEndpoint, isSecure: false, protocol: "http" },
          }
        : { samplingRate: "0" },
      ...options.spec,
    },
  };
  writeFileSync(file, stringify(configuration));
  return file;
}
