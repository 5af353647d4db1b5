import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { IKafkaCluster } from "../constructs/kafka/i-kafka-cluster";
import { MskKafkaCluster } from "../constructs/kafka/msk-kafka-cluster";
import { ElastiCacheRedis } from "../constructs/redis/elasticache-redis";
import type { IRedisCache } from "../constructs/redis/i-redis-cache";
import type { Environment } from "../environments/schema";
import { kubernetesProvider } from "./_kubernetes-providers";
import { TodoStack } from "./todo-stack";

/**
 * `todo-<env>-aws`: managed data services on AWS (MSK, ElastiCache) for environments that use
 * them, plus the Kubernetes Secrets carrying their credentials. Separate from the Kubernetes
 * stacks so those validate even where the AWS provider cannot be built.
 */
export class AwsDataStack extends TodoStack {
  readonly kafka?: IKafkaCluster;
  readonly redis?: IRedisCache;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, env);
    if (!env.aws)
      throw new Error(`AwsDataStack '${id}': environment '${env.name}' has no aws block`);
    new AwsProvider(this, "aws", {
      region: env.aws.region,
      defaultTags: [
        { tags: { "app.kubernetes.io/part-of": "todo-platform", environment: env.name } },
      ],
    });
    kubernetesProvider(this, env);
    new RandomProvider(this, "random");
    const network = {
      vpcId: env.aws.vpcId,
      subnetIds: env.aws.subnetIds,
      clientCidr: env.aws.clientCidr,
    };
    if (env.kafka.kind === "msk")
      this.kafka = new MskKafkaCluster(this, "Kafka", {
        ...network,
        version: env.kafka.version,
        brokers: env.kafka.brokers,
        instanceType: env.kafka.instanceType,
        storageGiB: env.kafka.storageGiB,
      });
    if (env.redis.kind === "elasticache")
      this.redis = new ElastiCacheRedis(this, "Redis", {
        ...network,
        namespace: env.kubernetes.namespace,
        nodeType: env.redis.nodeType,
        replicas: env.redis.replicas,
      });
    if (this.kafka)
      new TerraformOutput(this, "kafka_bootstrap_servers", { value: this.kafka.bootstrapServers });
    if (this.redis) new TerraformOutput(this, "redis_endpoint", { value: this.redis.endpoint });
  }
}
