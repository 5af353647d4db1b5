import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { standardLabels } from "../_internal/labels";
import { CronBinding } from "../dapr/cron-binding";
import { DaprConfiguration } from "../dapr/dapr-configuration";
import { DaprResiliency } from "../dapr/dapr-resiliency";
import { DaprSubscription } from "../dapr/dapr-subscription";
import { HttpOutputBinding } from "../dapr/http-output-binding";
import { KafkaPubSub } from "../dapr/kafka-pub-sub";
import { KubernetesSecretStore } from "../dapr/kubernetes-secret-store";
import { RedisStateStore } from "../dapr/redis-state-store";
import type { IKafkaCluster } from "../kafka/i-kafka-cluster";
import type { IPostgresDatabase } from "../postgres/i-postgres-database";
import type { IRedisCache } from "../redis/i-redis-cache";
import { TodoService } from "../service/todo-service";
import {
  TODO_SERVICES,
  TODO_TOPICS,
  type SecretRef,
  type TodoServiceDefinition,
} from "./todo-service-catalog";

/** Size of one service in an environment. */
export interface TodoServiceSizing {
  readonly replicas: { readonly min: number; readonly max: number };
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

export interface TodoAppTopicOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionHours: number;
  readonly deadLetterRetentionHours: number;
}

export interface TodoAppProps {
  readonly namespace: string;
  /** Registry path the `todo-<service>` images live under, e.g. `ghcr.io/acme`. */
  readonly imageRegistry: string;
  /** Pinned image tag of every service. */
  readonly imageTag: string;
  readonly kafka: IKafkaCluster;
  readonly postgres: IPostgresDatabase;
  readonly redis: IRedisCache;
  readonly topics: TodoAppTopicOptions;
  /** @default - every service 1 replica, 250m CPU, 256 MiB */
  readonly sizing?: Partial<Record<TodoServiceDefinition["name"], TodoServiceSizing>>;
  /** OTLP/gRPC collector (`host:port`) for Dapr and service traces. @default - tracing off */
  readonly otlpEndpoint?: string;
  /** @default 1 */
  readonly traceSamplingRatio?: number;
  /** https URL notification webhooks go to. @default - no webhook binding */
  readonly notificationWebhookUrl?: string;
  /** Namespace of the ingress controller admitted to public services. @default "ingress-nginx" */
  readonly ingressNamespace?: string;
}

/**
 * The Todo application: the five services of DESIGN.md wired to Kafka (topics + dead-letter
 * topics, pub/sub), Postgres and Redis through Dapr components scoped to the apps that use them,
 * with resiliency, subscriptions, per-app access control and least-privilege secret access.
 */
export class TodoApp extends Construct {
  readonly services: Record<TodoServiceDefinition["name"], TodoService>;
  /** Name of the Secret holding the JWT signing secret (key `jwt-secret`). */
  readonly authSecretName = "todo-auth";

  constructor(scope: Construct, id: string, props: TodoAppProps) {
    super(scope, id);
    const ns = props.namespace;
    const all = TODO_SERVICES.map((s) => s.name);
    const using = (pick: (s: TodoServiceDefinition) => boolean) =>
      TODO_SERVICES.filter(pick).map((s) => s.name);

    props.kafka.addTopics(
      this,
      "Topics",
      TODO_TOPICS.map((name) => ({ name, ...props.topics })),
      ns,
    );

    const jwtSecret = new Password(this, "JwtSecret", { length: 64, special: false });
    new SecretV1(this, "AuthSecret", {
      metadata: {
        name: this.authSecretName,
        namespace: ns,
        labels: standardLabels(this.authSecretName, "credentials"),
      },
      data: { "jwt-secret": jwtSecret.result },
    });

    const pubsub = new KafkaPubSub(this, "PubSub", {
      namespace: ns,
      kafka: props.kafka,
      scopes: all,
    });
    new KubernetesSecretStore(this, "SecretStore", { namespace: ns, scopes: all });
    const stateStore = new RedisStateStore(this, "StateStore", {
      namespace: ns,
      redis: props.redis,
      scopes: using((s) => s.usesStateStore),
    });
    const outboxSweep = new CronBinding(this, "OutboxSweep", {
      name: "outbox-sweep",
      namespace: ns,
      schedule: "@every 30s",
      app: "task-api",
    });
    const components = [stateStore.componentName, outboxSweep.componentName];
    if (props.notificationWebhookUrl) {
      const webhook = new HttpOutputBinding(this, "Webhook", {
        name: "notification-webhook",
        namespace: ns,
        url: props.notificationWebhookUrl,
        scopes: ["notification"],
      });
      components.push(webhook.componentName);
    }
    new DaprResiliency(this, "Resiliency", {
      namespace: ns,
      scopes: all,
      invokedApps: [...new Set(TODO_SERVICES.flatMap((s) => s.invokes))],
      pubsubName: pubsub.componentName,
      components,
    });

    const secretNames: Record<SecretRef, string> = {
      database: props.postgres.connectionSecretName,
      auth: this.authSecretName,
      cache: props.redis.passwordSecretName,
    };
    const services = {} as Record<TodoServiceDefinition["name"], TodoService>;
    for (const definition of TODO_SERVICES) {
      const sizing = props.sizing?.[definition.name];
      const config = new DaprConfiguration(this, `${definition.name}-config`, {
        name: `${definition.name}-config`,
        namespace: ns,
        otlpEndpoint: props.otlpEndpoint,
        traceSamplingRatio: props.traceSamplingRatio,
        allowedCallers: using((s) => s.invokes.includes(definition.name)),
      });
      const service = new TodoService(this, definition.name, {
        namespace: ns,
        image: `${props.imageRegistry}/todo-${definition.name}:${props.imageTag}`,
        port: definition.port,
        minReplicas: sizing?.replicas.min,
        maxReplicas: sizing?.replicas.max,
        cpuMillis: sizing?.cpuMillis,
        memoryMiB: sizing?.memoryMiB,
        daprConfig: config.configurationName,
        env: {
          PUBSUB_NAME: pubsub.componentName,
          SECRET_STORE_NAME: "secretstore",
          ...(definition.usesStateStore ? { STATE_STORE_NAME: stateStore.componentName } : {}),
          ...(props.otlpEndpoint
            ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${props.otlpEndpoint}` }
            : {}),
          OTEL_SERVICE_NAME: definition.name,
        },
      });
      service.grantReadSecrets(definition.secrets.map((ref) => secretNames[ref]));
      if (definition.public)
        service.allowFrom({ namespace: props.ingressNamespace ?? "ingress-nginx" });
      for (const topic of definition.subscribes)
        new DaprSubscription(this, `${definition.name}-${topic}`, {
          namespace: ns,
          topic,
          pubsubName: pubsub.componentName,
          app: definition.name,
        });
      services[definition.name] = service;
    }
    this.services = services;
  }
}
