import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { partOf, standardLabels } from "../policy/standard-labels.js";
import type { IKafkaCluster, KafkaClusterAddTopicsOptions } from "./i-kafka-cluster.js";
import { expandDeadLetterTopics, hoursToMs, validateTopicSpec } from "./kafka-topic-spec.js";

export interface StrimziKafkaClusterProps {
  readonly namespace: string;
  /** Kafka version the brokers run; must be one Strimzi 1.2.0 supports. */
  readonly version: string;
  /** @default "kafka" */
  readonly name?: string;
  /** Dual-role (controller + broker) KRaft nodes. @default 3 */
  readonly brokers?: number;
  /** @default 20 */
  readonly storageGiB?: number;
  /** @default 2048 */
  readonly memoryMiB?: number;
  /** @default 1000 */
  readonly cpuMillis?: number;
}

/**
 * An in-cluster KRaft Kafka cluster run by the Strimzi operator: one `Kafka` plus one dual-role
 * `KafkaNodePool` (API kafka.strimzi.io/v1, where replicas and storage live on the pool).
 * Requires {@link StrimziOperator} in an earlier stack (its CRDs must exist at plan time).
 */
export class StrimziKafkaCluster extends Construct implements IKafkaCluster {
  /** The CRDs (installed by the Strimzi operator) this construct and its topics need. */
  static readonly requiredCrds = [
    "kafkas.kafka.strimzi.io",
    "kafkanodepools.kafka.strimzi.io",
    "kafkatopics.kafka.strimzi.io",
  ] as const;

  readonly bootstrapServers: string;
  readonly tls = false;
  readonly brokers: number;
  readonly clusterName: string;
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: StrimziKafkaClusterProps) {
    super(scope, id);
    const name = props.name ?? "kafka";
    const brokers = props.brokers ?? 3;
    const storageGiB = props.storageGiB ?? 20;
    const memoryMiB = props.memoryMiB ?? 2048;
    const cpuMillis = props.cpuMillis ?? 1000;
    if (!Number.isInteger(brokers) || brokers < 1)
      throw new Error(
        `StrimziKafkaCluster '${name}': brokers (${brokers}) must be an integer >= 1`,
      );
    this.brokers = brokers;
    this.clusterName = name;
    this.namespace = props.namespace;
    const replication = Math.min(3, brokers);
    const labels = { ...standardLabels(this, name, "kafka"), "strimzi.io/cluster": name };
    const platformPods = {
      podSelector: { matchLabels: { "app.kubernetes.io/part-of": partOf(this) } },
    };

    customResource(this, "NodePool", {
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaNodePool",
      metadata: { name: "dual-role", namespace: props.namespace, labels },
      spec: {
        replicas: brokers,
        roles: ["controller", "broker"],
        storage: {
          type: "jbod",
          volumes: [
            {
              id: 0,
              type: "persistent-claim",
              size: `${storageGiB}Gi`,
              deleteClaim: false,
              kraftMetadata: "shared",
            },
          ],
        },
        resources: {
          requests: { cpu: `${cpuMillis}m`, memory: `${memoryMiB}Mi` },
          limits: { cpu: `${cpuMillis * 2}m`, memory: `${memoryMiB}Mi` },
        },
      },
    });
    customResource(this, "Resource", {
      apiVersion: "kafka.strimzi.io/v1",
      kind: "Kafka",
      metadata: { name, namespace: props.namespace, labels: standardLabels(this, name, "kafka") },
      spec: {
        kafka: {
          version: props.version,
          // Strimzi turns networkPolicyPeers into the brokers' NetworkPolicy: only this platform's
          // pods (services with their Dapr sidecars, labelled part-of) reach the listeners.
          listeners: [
            {
              name: "plain",
              port: 9092,
              type: "internal",
              tls: false,
              networkPolicyPeers: [platformPods],
            },
            {
              name: "tls",
              port: 9093,
              type: "internal",
              tls: true,
              networkPolicyPeers: [platformPods],
            },
          ],
          config: {
            "offsets.topic.replication.factor": replication,
            "transaction.state.log.replication.factor": replication,
            "transaction.state.log.min.isr": Math.max(1, replication - 1),
            "default.replication.factor": replication,
            "min.insync.replicas": Math.max(1, replication - 1),
            // Topics are declared as KafkaTopic resources; a typo must not silently create a topic.
            "auto.create.topics.enable": false,
          },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    });
    this.bootstrapServers = `${name}-kafka-bootstrap.${props.namespace}.svc:9092`;
  }

  addTopics(scope: Construct, id: string, options: KafkaClusterAddTopicsOptions): void {
    const { topics, namespace } = options;
    if (namespace !== this.namespace)
      throw new Error(
        `StrimziKafkaCluster '${this.clusterName}': topics must live in the cluster's namespace '${this.namespace}', got '${namespace}'`,
      );
    const group = new Construct(scope, id);
    for (const topic of expandDeadLetterTopics(topics)) {
      validateTopicSpec(topic, this.brokers);
      customResource(group, topic.name, {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaTopic",
        metadata: {
          name: topic.name,
          namespace: this.namespace,
          labels: {
            ...standardLabels(group, topic.name, "kafka-topic"),
            "strimzi.io/cluster": this.clusterName,
          },
        },
        spec: {
          partitions: topic.partitions,
          replicas: topic.replicationFactor,
          config: {
            "retention.ms": Number(hoursToMs(topic.retentionHours)),
            "cleanup.policy": "delete",
          },
        },
      });
    }
  }
}
