import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { ElastiCacheRedis } from "./elasticache-redis.js";

const props = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientCidr: "10.0.0.0/16",
  namespace: "todo",
};

describe("ElastiCacheRedis", () => {
  it("encrypts at rest and in transit and authenticates with a random token", () => {
    const stack = testStack();
    new ElastiCacheRedis(stack, "Redis", props);
    const json = synthJson(stack);
    const [group] = resourcesOf(json, "aws_elasticache_replication_group");
    expect(group).toMatchObject({
      engine: "valkey",
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
    });
    expect(group.auth_token).toMatch(/^\$\{random_password\..*\.result\}$/);
    expect(resourcesOf(json, "kubernetes_secret_v1")[0].data.password).toBe(group.auth_token);
  });

  it("defaults to one replica with automatic failover across zones", () => {
    const stack = testStack();
    new ElastiCacheRedis(stack, "Redis", props);
    const [group] = resourcesOf(synthJson(stack), "aws_elasticache_replication_group");
    expect(group).toMatchObject({
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      node_type: "cache.t4g.small",
    });
  });

  it("fails with more than five replicas", () => {
    expect(() => new ElastiCacheRedis(testStack(), "Redis", { ...props, replicas: 6 })).toThrow(
      "ElastiCacheRedis 'redis': replicas (6) must be within 0..5",
    );
  });
});
