import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1/index.js";
import { Construct } from "constructs";
import { IMAGES } from "../_internal/images.js";
import {
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "../_internal/pod-security.js";
import { standardLabels } from "../policy/standard-labels.js";
import type { IKafkaCluster, KafkaClusterAddTopicsOptions } from "./i-kafka-cluster.js";
import { expandDeadLetterTopics, hoursToMs, validateTopicSpec } from "./kafka-topic-spec.js";

export interface KafkaTopicJobProps extends KafkaClusterAddTopicsOptions {
  /** Where the topics go; no topic may have more replicas than its brokers, when known. */
  readonly cluster: Pick<IKafkaCluster, "bootstrapServers" | "tls" | "brokers">;
}

/**
 * Creates topics on a cluster that has no Kubernetes operator (MSK, external) with a one-shot Job
 * running Kafka's own `kafka-topics.sh --if-not-exists`: idempotent, so re-applies are harmless.
 */
export class KafkaTopicJob extends Construct {
  readonly job: JobV1;

  constructor(scope: Construct, id: string, props: KafkaTopicJobProps) {
    super(scope, id);
    const { cluster } = props;
    props.topics.forEach((t) => validateTopicSpec(t, cluster.brokers));
    const name = "kafka-topics";
    const labels = standardLabels(this, name, "kafka-topics");
    const commandConfig = "/work/client.properties";
    const script = [
      "set -eu",
      `printf 'security.protocol=${cluster.tls ? "SSL" : "PLAINTEXT"}\\n' > ${commandConfig}`,
      ...expandDeadLetterTopics(props.topics).map(
        (t) =>
          `/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config ${commandConfig} --create --if-not-exists --topic ${t.name} --partitions ${t.partitions} --replication-factor ${t.replicationFactor} --config retention.ms=${hoursToMs(t.retentionHours)}`,
      ),
    ].join("\n");
    this.job = new JobV1(this, "Resource", {
      metadata: { name, namespace: props.namespace, labels },
      waitForCompletion: true,
      spec: {
        backoffLimit: 6,
        ttlSecondsAfterFinished: "86400",
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "OnFailure",
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(1000),
            container: [
              {
                name,
                image: IMAGES.kafka,
                imagePullPolicy: "Always",
                command: ["/bin/sh", "-c", script],
                env: [{ name: "BOOTSTRAP", value: cluster.bootstrapServers }],
                resources: {
                  requests: { cpu: "100m", memory: "256Mi" },
                  limits: { cpu: "500m", memory: "512Mi" },
                },
                securityContext: restrictedContainerSecurityContext(),
                volumeMount: [
                  { name: "work", mountPath: "/work" },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volume: [
              { name: "work", emptyDir: { sizeLimit: "1Mi" } },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            ],
          },
        },
      },
    });
  }
}
