import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import {
  DaprResource,
  kubernetesSecretStoreDocument,
  Microservice,
  redisStateStoreConnection,
  standardLabels,
  type IKafkaCluster,
  type IPostgresDatabase,
  type IRedisCache,
} from "../../constructs/index.js";
import { serviceDefinitions, type ServiceDefinition } from "../../services/service-definitions.js";
import { DELIVERY_FAILURES_TOPIC } from "../../services/runtime/dapr/delivery-failures.js";
import {
  secretKeysOf,
  secretStoreKeys,
  serviceEnvironment,
  topicsOf,
} from "../../services/service-definition.js";
import { TODO_DAPR_COMPONENTS, todoDaprResources } from "./todo-dapr-resources.js";
import { TodoFrontDoor, type TodoFrontDoorProps } from "./todo-front-door.js";

/** Size of one service in an environment. */
export interface TodoServiceSizing {
  readonly replicas: { readonly min: number; readonly max: number };
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

export interface TodoSystemTopicOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionHours: number;
  readonly deadLetterRetentionHours: number;
}

export interface TodoSystemProps {
  readonly namespace: string;
  /** Registry path the service images live under, e.g. `ghcr.io/acme` (image `<registry>/<service>:<tag>`). */
  readonly imageRegistry: string;
  /** Pinned image tag of every service. */
  readonly imageTag: string;
  /** Pull secrets of a private registry (in `namespace`). @default - none */
  readonly imagePullSecrets?: readonly string[];
  readonly kafka: IKafkaCluster;
  readonly postgres: IPostgresDatabase;
  readonly redis: IRedisCache;
  readonly topics: TodoSystemTopicOptions;
  /**
   * Size of each service, by name; when given it must name every service (none silently runs
   * with the defaults). @default - every service 1 replica, 250m CPU, 256 MiB
   */
  readonly sizing?: Readonly<Record<string, TodoServiceSizing>>;
  /** OTLP/gRPC collector (`host:port`) for Dapr and service traces. @default - tracing off */
  readonly otlpEndpoint?: string;
  /** @default 1 */
  readonly traceSamplingRatio?: number;
  /** https URL notification webhooks go to. @default - no webhook binding */
  readonly notificationWebhookUrl?: string;
  /** Namespace of the ingress controller admitted to public services. @default "ingress-nginx" */
  readonly ingressNamespace?: string;
  /** The public Ingress (host, TLS, limits). @default - none: APIs reachable in the cluster only */
  readonly frontDoor?: Omit<
    TodoFrontDoorProps,
    "namespace" | "taskApi" | "audit" | "notification" | "realtime"
  >;
  /** @default - the definitions in services/service-definitions.ts */
  readonly services?: readonly ServiceDefinition[];
}

/**
 * The Todo system: the five services of DESIGN.md wired to Kafka (topics + dead-letter
 * topics, pub/sub), Postgres and Redis through Dapr components scoped to the apps that use them,
 * with resiliency, subscriptions, per-app access control and least-privilege secret access.
 */
export class TodoSystem extends Construct {
  readonly services: Record<string, Microservice>;
  /** The public Ingress, when {@link TodoSystemProps.frontDoor} is given. */
  readonly frontDoor?: TodoFrontDoor;

  constructor(scope: Construct, id: string, props: TodoSystemProps) {
    super(scope, id);
    const ns = props.namespace;
    const definitions = props.services ?? serviceDefinitions;
    for (const { name } of definitions)
      if (props.sizing && !props.sizing[name])
        throw new Error(
          `TodoSystem: sizing names no entry for service '${name}'; add one (environment field services.${name})`,
        );
    const labels = (name: string) => standardLabels(this, name, "credentials");

    const { deadLetterRetentionHours, ...topicSize } = props.topics;
    props.kafka.addTopics(this, "Topics", {
      topics: [
        ...topicsOf(definitions).map((name) => ({ name, ...props.topics })),
        // Notes must outlive the dead-lettered events they explain.
        { name: DELIVERY_FAILURES_TOPIC, ...topicSize, retentionHours: deadLetterRetentionHours },
      ],
      namespace: ns,
    });

    // Secret-store keys the services read: one Secret per key, holding that key (Kubernetes secret store layout).
    const jwtSecret = new Password(this, "JwtSecret", { length: 64, special: false });
    for (const [key, holds] of secretStoreKeys(definitions)) {
      const value = holds === "jwt-secret" ? jwtSecret.result : props.postgres.connectionUri;
      new SecretV1(this, `Secret-${key}`, {
        metadata: { name: key, namespace: ns, labels: labels(key) },
        data: { [key]: value },
      });
    }

    const dapr = todoDaprResources(definitions, {
      namespace: ns,
      kafka: { brokers: props.kafka.bootstrapServers, tls: props.kafka.tls },
      redis: {
        ...redisStateStoreConnection(props.redis),
        secretStore: TODO_DAPR_COMPONENTS.secretStore,
      },
      secretStore: (options) => kubernetesSecretStoreDocument({ ...options, namespace: ns }),
      webhookUrl: props.notificationWebhookUrl,
      ...(props.otlpEndpoint
        ? {
            tracing: {
              otlpEndpoint: props.otlpEndpoint,
              samplingRatio: props.traceSamplingRatio,
            },
          }
        : {}),
      accessControl: true,
    });
    for (const { id, document } of dapr.resources) new DaprResource(this, id, { document });

    const services: Record<string, Microservice> = {};
    for (const definition of definitions) {
      const sizing = props.sizing?.[definition.name];
      const config = new DaprResource(this, `${definition.name}-config`, {
        document: dapr.configurations.get(definition.name)!,
      });
      const service = new Microservice(this, definition.name, {
        namespace: ns,
        image: `${props.imageRegistry}/${definition.name}:${props.imageTag}`,
        ...(props.imagePullSecrets ? { imagePullSecrets: props.imagePullSecrets } : {}),
        port: definition.port,
        minReplicas: sizing?.replicas.min,
        maxReplicas: sizing?.replicas.max,
        cpuMillis: sizing?.cpuMillis,
        memoryMiB: sizing?.memoryMiB,
        daprConfig: config.document.metadata.name,
        livenessPath: definition.health.liveness,
        readinessPath: definition.health.readiness,
        env: {
          ...serviceEnvironment(definition, definitions),
          ...dapr.env.get(definition.name),
          ...(props.otlpEndpoint
            ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${props.otlpEndpoint}` }
            : {}),
          OTEL_SERVICE_NAME: definition.name,
        },
      });
      const readable = [
        ...secretKeysOf(definition).map(([key]) => key),
        ...(definition.components.includes("statestore") ? [props.redis.passwordSecretName] : []),
      ];
      if (readable.length > 0) service.grantReadSecrets(readable);
      if (definition.exposure === "public")
        service.allowFrom({ namespace: props.ingressNamespace ?? "ingress-nginx" });
      services[definition.name] = service;
    }
    this.services = services;
    const { "task-api": taskApi, audit, notification, realtime } = services;
    if (props.frontDoor && taskApi && audit && notification && realtime)
      this.frontDoor = new TodoFrontDoor(this, "FrontDoor", {
        ...props.frontDoor,
        namespace: ns,
        taskApi,
        audit,
        notification,
        realtime,
      });
  }
}
