import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key/index.js";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster/index.js";
import { Construct } from "constructs";
import { kmsKeyPolicy } from "../_internal/kms-key-policy.js";
import { nodeOnlySecurityGroup } from "../_internal/node-only-security-group.js";
import type { IKafkaCluster, KafkaClusterAddTopicsOptions } from "./i-kafka-cluster.js";
import { KafkaTopicJob } from "./kafka-topic-job.js";

export interface MskKafkaClusterProps {
  /** @default "kafka" */
  readonly name?: string;
  /** MSK version name, e.g. `4.1.x.kraft`. */
  readonly version: string;
  readonly vpcId: string;
  /** One subnet per availability zone; brokers are spread evenly over them. */
  readonly subnetIds: readonly string[];
  /** CIDR of the Kubernetes nodes allowed to reach the brokers (TLS port 9094 only). */
  readonly clientCidr: string;
  /** @default 3 */
  readonly brokers?: number;
  /** @default "kafka.m7g.large" */
  readonly instanceType?: string;
  /** @default 100 */
  readonly storageGiB?: number;
  /** @default 365 - one year of broker logs, a common audit requirement */
  readonly logRetentionDays?: number;
}

/**
 * AWS MSK (provisioned) with encryption at rest under a customer-managed KMS key, TLS-only
 * client traffic, broker logs in CloudWatch, and no public access. Topics are created by a
 * Kubernetes Job (Apache Kafka image) in the cluster that uses it.
 */
export class MskKafkaCluster extends Construct implements IKafkaCluster {
  readonly cluster: MskCluster;
  readonly bootstrapServers: string;
  readonly tls = true;
  readonly brokers: number;

  constructor(scope: Construct, id: string, props: MskKafkaClusterProps) {
    super(scope, id);
    const name = props.name ?? "kafka";
    const brokers = props.brokers ?? 3;
    if (props.subnetIds.length < 2)
      throw new Error(
        `MskKafkaCluster '${name}': subnetIds needs at least 2 subnets in distinct zones`,
      );
    if (brokers % props.subnetIds.length !== 0)
      throw new Error(
        `MskKafkaCluster '${name}': brokers (${brokers}) must be a multiple of subnetIds (${props.subnetIds.length})`,
      );
    this.brokers = brokers;

    const key = new KmsKey(this, "Key", {
      description: `${name}: MSK storage and broker log encryption`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(this, { allowCloudWatchLogs: true }),
    });
    const logs = new CloudwatchLogGroup(this, "BrokerLogs", {
      name: `/aws/msk/${name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: key.arn,
    });
    const securityGroup = nodeOnlySecurityGroup(this, props, {
      name: `${name}-brokers`,
      port: 9094,
      group: `${name}: Kafka TLS from the Kubernetes nodes only`,
      ingress: "Kafka TLS from Kubernetes nodes",
      egress: "Broker replication inside the VPC",
    });
    this.cluster = new MskCluster(this, "Resource", {
      clusterName: name,
      kafkaVersion: props.version,
      numberOfBrokerNodes: brokers,
      enhancedMonitoring: "PER_TOPIC_PER_BROKER",
      brokerNodeGroupInfo: {
        instanceType: props.instanceType ?? "kafka.m7g.large",
        clientSubnets: [...props.subnetIds],
        securityGroups: [securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: props.storageGiB ?? 100 } },
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: key.arn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      // Clients are the Kubernetes nodes only (security group); TLS encrypts, the network authorises.
      clientAuthentication: { unauthenticated: true },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.name } } },
      openMonitoring: {
        prometheus: {
          jmxExporter: { enabledInBroker: true },
          nodeExporter: { enabledInBroker: true },
        },
      },
    });
    this.bootstrapServers = this.cluster.bootstrapBrokersTls;
  }

  addTopics(scope: Construct, id: string, options: KafkaClusterAddTopicsOptions): void {
    new KafkaTopicJob(scope, id, { ...options, cluster: this });
  }
}
