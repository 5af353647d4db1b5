import { Construct } from "constructs";
import type { IKafkaCluster, KafkaClusterAddTopicsOptions } from "./i-kafka-cluster.js";
import { KafkaTopicJob } from "./kafka-topic-job.js";

/** Attributes of a Kafka cluster that exists outside this app. */
export interface KafkaClusterAttributes {
  /** `host:port` of at least one broker. */
  readonly bootstrapServers: readonly string[];
  /** @default true - clusters outside the Kubernetes network are reached over TLS */
  readonly tls?: boolean;
}

/** A Kafka cluster managed elsewhere, imported by its attributes; topics are created by a Job. */
export class ExternalKafkaCluster implements IKafkaCluster {
  /** Imports an existing cluster; fails without a bootstrap server. */
  static fromAttributes(attributes: KafkaClusterAttributes): IKafkaCluster {
    if (attributes.bootstrapServers.length === 0)
      throw new Error(
        "ExternalKafkaCluster: bootstrapServers is empty; give at least one host:port",
      );
    return new ExternalKafkaCluster(attributes.bootstrapServers.join(","), attributes.tls ?? true);
  }

  private constructor(
    /** Comma-separated `host:port` list of the brokers given. */
    readonly bootstrapServers: string,
    /** Whether clients connect over TLS. */
    readonly tls: boolean,
  ) {}

  addTopics(scope: Construct, id: string, options: KafkaClusterAddTopicsOptions): void {
    new KafkaTopicJob(scope, id, { ...options, cluster: this });
  }
}
