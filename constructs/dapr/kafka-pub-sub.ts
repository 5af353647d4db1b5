import type { Construct } from "constructs";
import type { IKafkaCluster } from "../kafka/i-kafka-cluster.js";
import {
  DaprComponent,
  daprComponentDocument,
  placedComponent,
  type DaprComponentSpec,
} from "./dapr-component.js";
import type { DaprDocumentPlacement, DaprResourceDocument } from "./dapr-resource.js";

/** What {@link kafkaPubSubDocument} builds a `pubsub.kafka` Component from. */
export interface KafkaPubSubDocumentOptions extends DaprDocumentPlacement {
  /** Bootstrap servers, `host:port[,host:port]`. */
  readonly brokers: string;
  /** Whether the brokers' listener speaks TLS. */
  readonly tls: boolean;
  /** @default "pubsub" */
  readonly name?: string;
  /**
   * Consumer group; Dapr fills in `{appID}`, `{podName}` (env `POD_NAME`), `{namespace}`.
   * @default `"{appID}"` - one group per service, so each event is handled once per service
   */
  readonly consumerGroup?: string;
}

/**
 * `pubsub.kafka` without SASL. Each app consumes in its own consumer group named after its
 * app-id (`{appID}`), so the service name is the group everywhere.
 */
export function kafkaPubSubDocument(options: KafkaPubSubDocumentOptions): DaprResourceDocument {
  return daprComponentDocument(placedComponent(kafkaPubSubSpec(options), options));
}

/** What {@link kafkaPubSubDocument} decides about its Component. */
function kafkaPubSubSpec(options: KafkaPubSubDocumentOptions): DaprComponentSpec {
  return {
    name: options.name ?? "pubsub",
    type: "pubsub.kafka",
    metadata: {
      brokers: options.brokers,
      consumerGroup: options.consumerGroup ?? "{appID}",
      clientID: "{appID}",
      authType: "none",
      disableTls: String(!options.tls),
      // Events are CloudEvents with the task id as partition key; keep the broker's order.
      initialOffset: "oldest",
      maxMessageBytes: "1048576",
    },
  };
}

export interface KafkaPubSubProps {
  readonly namespace: string;
  readonly kafka: IKafkaCluster;
  readonly scopes: readonly string[];
  /** @default "pubsub" */
  readonly name?: string;
  /** @default `"{appID}"` - one group per service (see {@link KafkaPubSubDocumentOptions.consumerGroup}) */
  readonly consumerGroup?: string;
}

/** `pubsub.kafka` on the given cluster (see {@link kafkaPubSubDocument}). */
export class KafkaPubSub extends DaprComponent {
  constructor(scope: Construct, id: string, props: KafkaPubSubProps) {
    const connection = { brokers: props.kafka.bootstrapServers, tls: props.kafka.tls };
    super(scope, id, placedComponent(kafkaPubSubSpec({ ...props, ...connection }), props));
  }
}
