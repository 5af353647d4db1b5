import type { Construct } from "constructs";
import type { IKafkaCluster } from "../kafka/i-kafka-cluster.js";
import { DaprComponent } from "./dapr-component.js";

export interface KafkaPubSubProps {
  readonly namespace: string;
  readonly kafka: IKafkaCluster;
  readonly scopes: readonly string[];
  /** @default "pubsub" */
  readonly name?: string;
  /**
   * Consumer group; Dapr fills in `{appID}`, `{podName}`, `{namespace}`.
   * @default `"{appID}"` - one group per service, so each event is handled once per service
   */
  readonly consumerGroup?: string;
}

/**
 * `pubsub.kafka` on the given cluster. Each app consumes in its own consumer group named after
 * its app-id (`{appID}`), so the service name is the group everywhere.
 */
export class KafkaPubSub extends DaprComponent {
  constructor(scope: Construct, id: string, props: KafkaPubSubProps) {
    super(scope, id, {
      name: props.name ?? "pubsub",
      namespace: props.namespace,
      type: "pubsub.kafka",
      scopes: props.scopes,
      metadata: {
        brokers: props.kafka.bootstrapServers,
        consumerGroup: props.consumerGroup ?? "{appID}",
        clientID: "{appID}",
        authType: "none",
        disableTls: String(!props.kafka.tls),
        // Events are CloudEvents with the task id as partition key; keep the broker's order.
        initialOffset: "oldest",
        maxMessageBytes: "1048576",
      },
    });
  }
}
