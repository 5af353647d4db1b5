import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import {
  CHARTS,
  CloudNativePgDatabase,
  ExternalKafkaCluster,
  InClusterRedis,
  RequiredCrds,
  StrimziKafkaCluster,
  type ChartRef,
  type IKafkaCluster,
  type IPostgresDatabase,
  type IRedisCache,
} from "../../constructs/index.js";
import { dataServiceStacks } from "../../environments/data-services.js";
import type { Environment } from "../../environments/schema.js";
import { kubernetesProvider } from "../_kubernetes-providers.js";
import { TodoSystem } from "./todo-system.js";
import { TODO_NAMES } from "./todo-names.js";
import { serviceDefinitions, type ServiceDefinition } from "../../services/service-definitions.js";
import { secretStoreKeys } from "../../services/shared/service-definition.js";
import { TodoStack } from "../todo-stack.js";

/** Data services produced by earlier stacks of the same environment. */
export interface TodoSystemStackInputs {
  /** OTLP endpoint from the platform stack. @default - tracing off */
  readonly otlpEndpoint?: string;
  /** Managed Kafka (MSK) from the AWS stack. @default - per environment: Strimzi or external */
  readonly kafka?: IKafkaCluster;
  /** Managed cache (ElastiCache) from the AWS stack. @default - in-cluster Valkey */
  readonly redis?: IRedisCache;
  /** Neon database from the database stack. @default - in-cluster CloudNativePG */
  readonly postgres?: IPostgresDatabase;
  /** The services to deploy. @default - the definitions in services/service-definitions.ts */
  readonly services?: readonly ServiceDefinition[];
}

/**
 * The stack of the Todo system ({@link TodoSystem}), with everything that needs the platform's
 * CRDs or the data services: in-cluster Kafka/Postgres/Redis where the environment runs them,
 * topics, Dapr components, and the five services. Planned only after the platform stack is
 * applied (stack dependency).
 *
 * Its id stays `todo-<env>-app` although the class is named after what it holds: the id is a
 * state contract (it names the Terraform state and every cross-stack reference to it), and
 * renaming it would orphan the deployed state.
 */
export class TodoSystemStack extends TodoStack {
  readonly system: TodoSystem;

  constructor(scope: Construct, id: string, env: Environment, inputs: TodoSystemStackInputs = {}) {
    super(scope, id, env);
    kubernetesProvider(this, env);
    new RandomProvider(this, "random");
    if (env.frontDoor?.tls.selfSigned) new TlsProvider(this, "tls");
    const namespace = env.kubernetes.namespace;
    const services = inputs.services ?? serviceDefinitions;
    const kafka = inputs.kafka ?? this.inClusterKafka(env);
    const postgres =
      inputs.postgres ??
      (env.postgres.kind === "cloudnative-pg"
        ? new CloudNativePgDatabase(this, "Postgres", {
            namespace,
            name: TODO_NAMES.postgres,
            databaseName: TODO_NAMES.database,
            instances: env.postgres.instances,
            storageGiB: env.postgres.storageGiB,
          })
        : undefined);
    const redis =
      inputs.redis ??
      (env.redis.kind === "in-cluster"
        ? new InClusterRedis(this, "Redis", {
            namespace,
            name: TODO_NAMES.redis,
            memoryMiB: env.redis.memoryMiB,
            storageGiB: env.redis.storageGiB,
          })
        : undefined);
    if (!kafka || !postgres || !redis) {
      const service = !kafka ? "kafka" : !postgres ? "postgres" : "redis";
      throw new Error(
        `TodoSystemStack '${id}': environment '${env.name}' gets ${service} from its ${dataServiceStacks(env)[service]} stack; pass it as inputs.${service}`,
      );
    }
    this.system = new TodoSystem(this, "Todo", {
      namespace,
      imageRegistry: env.images.registry,
      imageTag: env.images.tag,
      kafka,
      postgres,
      redis,
      topics: env.topics,
      sizing: env.services,
      services,
      otlpEndpoint: inputs.otlpEndpoint,
      traceSamplingRatio: env.observability.traceSamplingRatio,
      notificationWebhookUrl: env.notificationWebhookUrl,
      ...(env.frontDoor
        ? {
            ingressNamespace: env.frontDoor.controllerNamespace,
            frontDoor: {
              host: env.frontDoor.host,
              className: env.frontDoor.className,
              tls: env.frontDoor.tls,
              maxBodyKiB: env.frontDoor.maxBodyKiB,
              requestsPerSecond: env.frontDoor.requestsPerSecond,
            },
          }
        : {}),
    });
    new TerraformOutput(this, "task_api_url", {
      value: this.system.services["task-api"].url,
      description: "In-cluster URL of the task API",
    });
    new TerraformOutput(this, "kafka_bootstrap_servers", {
      value: kafka.bootstrapServers,
      // cdktf passes every cross-stack value as a sensitive output; Terraform refuses to re-export it unmarked.
      sensitive: inputs.kafka !== undefined,
    });
    new TerraformOutput(this, "redis_secret_name", { value: redis.passwordSecretName });
    new TerraformOutput(this, "secret_store_keys", {
      value: [...secretStoreKeys(services).keys()],
      description: `Secrets in namespace ${namespace} the services read through the Dapr secret store`,
    });
    this.requirePreinstalledOperators(env);
  }

  /** Operators a platform team installs: check their CRDs before planning anything else. */
  private requirePreinstalledOperators(env: Environment): void {
    const operator = (chart: ChartRef, name: string) =>
      `the ${name} operator (Helm chart ${chart.chart} ${chart.version})`;
    if (env.kafka.kind === "strimzi" && env.kafka.operator === "preinstalled")
      new RequiredCrds(this, "StrimziCrds", {
        operator: operator(CHARTS.strimzi, "Strimzi"),
        crds: StrimziKafkaCluster.requiredCrds,
        dependents: [this],
      });
    if (env.postgres.kind === "cloudnative-pg" && env.postgres.operator === "preinstalled")
      new RequiredCrds(this, "CloudNativePgCrds", {
        operator: operator(CHARTS.cloudNativePg, "CloudNativePG"),
        crds: CloudNativePgDatabase.requiredCrds,
        dependents: [this],
      });
  }

  /** The Kafka this stack provides itself (see dataServiceStacks); MSK comes from the AWS stack. */
  private inClusterKafka(env: Environment): IKafkaCluster | undefined {
    switch (env.kafka.kind) {
      case "strimzi":
        return new StrimziKafkaCluster(this, "Kafka", {
          namespace: env.kubernetes.namespace,
          name: TODO_NAMES.kafka,
          version: env.kafka.version,
          brokers: env.kafka.brokers,
          storageGiB: env.kafka.storageGiB,
        });
      case "external":
        return ExternalKafkaCluster.fromAttributes({
          bootstrapServers: env.kafka.bootstrapServers,
        });
      case "msk":
        return undefined;
    }
  }
}
