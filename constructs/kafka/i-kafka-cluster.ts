import type { Construct } from "constructs";
import type { KafkaTopicSpec } from "./kafka-topic-spec.js";

/**
 * What consumers of a Kafka cluster need, whichever kind it is (Strimzi, MSK, external):
 * where to connect, whether TLS is on, and a way to declare topics.
 */
export interface IKafkaCluster {
  /** Comma-separated `host:port` list, as Kafka clients and Dapr's pubsub.kafka expect it. */
  readonly bootstrapServers: string;
  /** True when clients must connect with TLS. */
  readonly tls: boolean;
  /** Number of brokers, when known (bounds topic replication factors). */
  readonly brokers?: number;
  /**
   * Declares topics (and their dead-letter topics) in `scope`, in the form this cluster kind
   * manages them: `KafkaTopic` resources for Strimzi, a provisioning Job for MSK/external.
   */
  addTopics(scope: Construct, id: string, options: KafkaClusterAddTopicsOptions): void;
}

/** What {@link IKafkaCluster.addTopics} declares, and where. */
export interface KafkaClusterAddTopicsOptions {
  /** The topics, each with its dead-letter topic when it sets `deadLetterRetentionHours`. */
  readonly topics: readonly KafkaTopicSpec[];
  /** Kubernetes namespace of the `KafkaTopic` resources or the provisioning Job. */
  readonly namespace: string;
}
