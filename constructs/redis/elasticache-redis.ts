import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group/index.js";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group/index.js";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key/index.js";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1/index.js";
import { Password } from "@cdktf/provider-random/lib/password/index.js";
import { Construct } from "constructs";
import { kmsKeyPolicy } from "../_internal/kms-key-policy.js";
import { nodeOnlySecurityGroup } from "../_internal/node-only-security-group.js";
import { standardLabels } from "../policy/standard-labels.js";
import type { IRedisCache } from "./i-redis-cache.js";

export interface ElastiCacheRedisProps {
  /** @default "redis" */
  readonly name?: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** CIDR of the Kubernetes nodes allowed to connect (port 6379 only). */
  readonly clientCidr: string;
  /** Namespace receiving the password Secret. */
  readonly namespace: string;
  /** @default "cache.t4g.small" */
  readonly nodeType?: string;
  /** Read replicas; with 1 or more, automatic failover and Multi-AZ are on. @default 1 */
  readonly replicas?: number;
  /** @default "8.2" */
  readonly valkeyVersion?: string;
}

/**
 * AWS ElastiCache (Valkey engine) replication group: encrypted at rest under a customer-managed
 * KMS key and in transit, AUTH token from `random_password` into a Kubernetes Secret, private
 * subnets only.
 */
export class ElastiCacheRedis extends Construct implements IRedisCache {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly endpoint: string;
  readonly tls = true;
  readonly passwordSecretName: string;
  readonly passwordSecretKey = "password";

  constructor(scope: Construct, id: string, props: ElastiCacheRedisProps) {
    super(scope, id);
    const name = props.name ?? "redis";
    const replicas = props.replicas ?? 1;
    if (replicas < 0 || replicas > 5)
      throw new Error(`ElastiCacheRedis '${name}': replicas (${replicas}) must be within 0..5`);
    const key = new KmsKey(this, "Key", {
      description: `${name}: ElastiCache encryption at rest`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(this),
    });
    const subnets = new ElasticacheSubnetGroup(this, "Subnets", {
      name,
      subnetIds: [...props.subnetIds],
    });
    const securityGroup = nodeOnlySecurityGroup(this, props, {
      name: `${name}-cache`,
      port: 6379,
      group: `${name}: Redis protocol from the Kubernetes nodes only`,
      ingress: "Redis TLS from Kubernetes nodes",
      egress: "Replication inside the VPC",
    });
    // ElastiCache AUTH tokens allow only printable characters without '@', '"' and '/'.
    const token = new Password(this, "AuthToken", {
      length: 48,
      special: true,
      overrideSpecial: "!&#$^<>-",
    });
    this.replicationGroup = new ElasticacheReplicationGroup(this, "Resource", {
      replicationGroupId: name,
      description: `${name}: Dapr state store and actor state`,
      engine: "valkey",
      engineVersion: props.valkeyVersion ?? "8.2",
      nodeType: props.nodeType ?? "cache.t4g.small",
      numCacheClusters: replicas + 1,
      automaticFailoverEnabled: replicas > 0,
      multiAzEnabled: replicas > 0,
      port: 6379,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      authToken: token.result,
      autoMinorVersionUpgrade: "true",
      snapshotRetentionLimit: 7,
    });
    this.passwordSecretName = name;
    new SecretV1(this, "PasswordSecret", {
      metadata: {
        name,
        namespace: props.namespace,
        labels: standardLabels(this, name, "cache-credentials"),
      },
      data: { password: token.result },
    });
    this.endpoint = `${this.replicationGroup.primaryEndpointAddress}:6379`;
  }
}
