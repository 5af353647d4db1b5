import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { ElastiCacheRedis, MskKafkaCluster } from "../constructs/aws.js";
import type { IKafkaCluster, IRedisCache } from "../constructs/index.js";
import type { Environment } from "../environments/schema.js";
import { kubernetesProvider } from "./_kubernetes-providers.js";
import { TODO_NAMES } from "./todo/todo-names.js";
import { TodoStack } from "./todo-stack.js";

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
        { tags: { "app.kubernetes.io/part-of": TODO_NAMES.partOf, environment: env.name } },
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
        name: TODO_NAMES.kafka,
        version: env.kafka.version,
        brokers: env.kafka.brokers,
        instanceType: env.kafka.instanceType,
        storageGiB: env.kafka.storageGiB,
      });
    if (env.redis.kind === "elasticache")
      this.redis = new ElastiCacheRedis(this, "Redis", {
        ...network,
        name: TODO_NAMES.redis,
        namespace: env.kubernetes.namespace,
        nodeType: env.redis.nodeType,
        replicas: env.redis.replicas,
      });
    if (this.kafka)
      new TerraformOutput(this, "kafka_bootstrap_servers", { value: this.kafka.bootstrapServers });
    if (this.redis) new TerraformOutput(this, "redis_endpoint", { value: this.redis.endpoint });
  }
}
