import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";
import { DEAD_LETTER_SUFFIX } from "../kafka/kafka-topic-spec.js";

export interface DaprSubscriptionProps {
  readonly namespace: string;
  readonly topic: string;
  readonly pubsubName: string;
  /** The subscribing app (scope and consumer group). */
  readonly app: string;
  /** @default `/events/<topic>` */
  readonly route?: string;
  /** @default `<topic>.dlt` - every subscription has a dead-letter topic */
  readonly deadLetterTopic?: string;
}

/** A declarative Dapr `Subscription` (dapr.io/v2alpha1) with a dead-letter topic, scoped to one app. */
export class DaprSubscription extends Construct {
  readonly deadLetterTopic: string;

  constructor(scope: Construct, id: string, props: DaprSubscriptionProps) {
    super(scope, id);
    const route = props.route ?? `/events/${props.topic}`;
    if (!route.startsWith("/"))
      throw new Error(
        `DaprSubscription '${props.app}/${props.topic}': route '${route}' must start with '/'`,
      );
    this.deadLetterTopic = props.deadLetterTopic ?? `${props.topic}${DEAD_LETTER_SUFFIX}`;
    if (this.deadLetterTopic === props.topic)
      throw new Error(
        `DaprSubscription '${props.app}/${props.topic}': deadLetterTopic must differ from topic`,
      );
    const name = `${props.app}-${props.topic}`;
    customResource(this, "Resource", {
      apiVersion: "dapr.io/v2alpha1",
      kind: "Subscription",
      metadata: {
        name,
        namespace: props.namespace,
        labels: standardLabels(this, name, "dapr-subscription"),
      },
      spec: {
        topic: props.topic,
        pubsubname: props.pubsubName,
        routes: { default: route },
        deadLetterTopic: this.deadLetterTopic,
      },
      scopes: [props.app],
    });
  }
}
