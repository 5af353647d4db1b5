import type { TerraformStack } from "cdktf";
import {
  CloudNativePgDatabase,
  ExternalKafkaCluster,
  InClusterRedis,
  StrimziKafkaCluster,
  type IKafkaCluster,
  type IPostgresDatabase,
  type IRedisCache,
} from "../../constructs/index.js";
import { dataServiceStacks } from "../../environments/data-services.js";
import type { Environment } from "../../environments/schema.js";
import type { DataServiceNames } from "./data-service-names.js";

/** The data services an environment's workloads use. */
export interface DataServices {
  readonly kafka: IKafkaCluster;
  readonly postgres: IPostgresDatabase;
  readonly redis: IRedisCache;
}

export interface WorkloadDataServicesOptions {
  readonly env: Environment;
  readonly names: Pick<DataServiceNames, "kafka" | "postgres" | "redis" | "database">;
  /** Those an earlier stack provides (MSK, ElastiCache, Neon). @default - none */
  readonly provided?: Partial<DataServices>;
}

/**
 * The data services for the stack the workloads run in: those an earlier stack provides, and
 * those that come with the workloads (environments/data-services.ts: Strimzi, an external Kafka,
 * CloudNativePG, in-cluster Valkey), created in `stack` as `Kafka`, `Postgres` and `Redis`.
 * Fails naming the one that is neither.
 */
export function workloadDataServices(
  stack: TerraformStack,
  options: WorkloadDataServicesOptions,
): DataServices {
  const { env, names, provided = {} } = options;
  const kafka = provided.kafka ?? kafkaOf(stack, env, names.kafka);
  const postgres = provided.postgres ?? postgresOf(stack, env, names);
  const redis = provided.redis ?? redisOf(stack, env, names.redis);
  if (!kafka || !postgres || !redis) {
    const service = !kafka ? "kafka" : !postgres ? "postgres" : "redis";
    throw new Error(
      `stack '${stack.node.id}': environment '${env.name}' gets ${service} from its ${dataServiceStacks(env)[service]} stack; pass it in as provided.${service}`,
    );
  }
  return { kafka, postgres, redis };
}

/** The Kafka that comes with the workloads; MSK comes from the AWS stack. */
function kafkaOf(stack: TerraformStack, env: Environment, name: string): IKafkaCluster | undefined {
  switch (env.kafka.kind) {
    case "strimzi":
      return new StrimziKafkaCluster(stack, "Kafka", {
        namespace: env.kubernetes.namespace,
        name,
        version: env.kafka.version,
        brokers: env.kafka.brokers,
        storageGiB: env.kafka.storageGiB,
      });
    case "external":
      return ExternalKafkaCluster.fromAttributes({ bootstrapServers: env.kafka.bootstrapServers });
    case "msk":
      return undefined;
  }
}

/** CloudNativePG; Neon comes from the database stack. */
function postgresOf(
  stack: TerraformStack,
  env: Environment,
  names: Pick<DataServiceNames, "postgres" | "database">,
): IPostgresDatabase | undefined {
  if (env.postgres.kind !== "cloudnative-pg") return undefined;
  return new CloudNativePgDatabase(stack, "Postgres", {
    namespace: env.kubernetes.namespace,
    name: names.postgres,
    databaseName: names.database,
    instances: env.postgres.instances,
    storageGiB: env.postgres.storageGiB,
  });
}

/** In-cluster Valkey; ElastiCache comes from the AWS stack. */
function redisOf(stack: TerraformStack, env: Environment, name: string): IRedisCache | undefined {
  if (env.redis.kind !== "in-cluster") return undefined;
  return new InClusterRedis(stack, "Redis", {
    namespace: env.kubernetes.namespace,
    name,
    memoryMiB: env.redis.memoryMiB,
    storageGiB: env.redis.storageGiB,
  });
}
