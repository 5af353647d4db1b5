import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { ElastiCacheRedis, MskKafkaCluster } from "../../constructs/aws.js";
import type { IKafkaCluster, IRedisCache } from "../../constructs/index.js";
import type { DataServiceNames } from "./data-service-names.js";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack.js";
import { kubernetesProvider } from "./kubernetes-providers.js";

export interface AwsDataStackProps extends EnvironmentStackProps {
  /** Names of the MSK cluster and the ElastiCache replication group. */
  readonly names: Pick<DataServiceNames, "kafka" | "redis">;
}

/**
 * Managed data services on AWS (`todo-<env>-aws`): MSK and ElastiCache for environments that use
 * them, plus the Kubernetes Secrets carrying their credentials. Separate from the Kubernetes
 * stacks so those validate even where the AWS provider cannot be built.
 */
export class AwsDataStack extends EnvironmentStack {
  readonly kafka?: IKafkaCluster;
  readonly redis?: IRedisCache;

  constructor(scope: Construct, id: string, props: AwsDataStackProps) {
    super(scope, id, props);
    const { env, names } = props;
    if (!env.aws)
      throw new Error(`AwsDataStack '${id}': environment '${env.name}' has no aws block`);
    const { region, ...network } = env.aws;
    new AwsProvider(this, "aws", {
      region,
      defaultTags: [{ tags: { "app.kubernetes.io/part-of": props.partOf, environment: env.name } }],
    });
    kubernetesProvider(this, env);
    new RandomProvider(this, "random");
    if (env.kafka.kind === "msk") {
      this.kafka = new MskKafkaCluster(this, "Kafka", {
        ...network,
        name: names.kafka,
        version: env.kafka.version,
        brokers: env.kafka.brokers,
        instanceType: env.kafka.instanceType,
        storageGiB: env.kafka.storageGiB,
      });
      new TerraformOutput(this, "kafka_bootstrap_servers", { value: this.kafka.bootstrapServers });
    }
    if (env.redis.kind === "elasticache") {
      this.redis = new ElastiCacheRedis(this, "Redis", {
        ...network,
        name: names.redis,
        namespace: env.kubernetes.namespace,
        nodeType: env.redis.nodeType,
        replicas: env.redis.replicas,
      });
      new TerraformOutput(this, "redis_endpoint", { value: this.redis.endpoint });
    }
  }
}
