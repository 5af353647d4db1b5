import type { Construct } from "constructs";
import { DEAD_LETTER_SUFFIX } from "../kafka/kafka-topic-spec.js";
import {
  DaprResource,
  placed,
  type DaprDocumentPlacement,
  type DaprResourceDocument,
} from "./dapr-resource.js";

/** What {@link daprSubscriptionDocument} builds a declarative Subscription from. */
export interface DaprSubscriptionDocumentOptions extends DaprDocumentPlacement {
  readonly topic: string;
  readonly pubsubName: string;
  /** The subscribing app: the resource is named `<app>-<topic>` and scoped to it. */
  readonly app: string;
  /** @default `/events/<topic>` */
  readonly route?: string;
  /** @default `<topic>.dlt` - every subscription has a dead-letter topic */
  readonly deadLetterTopic?: string;
}

/**
 * A declarative Dapr `Subscription` (dapr.io/v2alpha1) document with a dead-letter topic,
 * scoped to its app. daprd prefers an app's programmatic subscription (`GET /dapr/subscribe`)
 * to the same topic over this one.
 */
export function daprSubscriptionDocument(
  options: DaprSubscriptionDocumentOptions,
): DaprResourceDocument {
  const what = `DaprSubscription '${options.app}/${options.topic}'`;
  const route = options.route ?? `/events/${options.topic}`;
  if (!route.startsWith("/")) throw new Error(`${what}: route '${route}' must start with '/'`);
  const deadLetterTopic = options.deadLetterTopic ?? `${options.topic}${DEAD_LETTER_SUFFIX}`;
  if (deadLetterTopic === options.topic)
    throw new Error(`${what}: deadLetterTopic must differ from topic`);
  return placed(
    {
      apiVersion: "dapr.io/v2alpha1",
      kind: "Subscription",
      metadata: { name: `${options.app}-${options.topic}` },
      spec: {
        topic: options.topic,
        pubsubname: options.pubsubName,
        routes: { default: route },
        deadLetterTopic,
      },
    },
    { namespace: options.namespace, scopes: options.scopes ?? [options.app] },
  );
}

export interface DaprSubscriptionProps extends DaprSubscriptionDocumentOptions {
  readonly namespace: string;
}

/** A declarative Dapr `Subscription` (see {@link daprSubscriptionDocument}). */
export class DaprSubscription extends DaprResource {
  readonly deadLetterTopic: string;

  constructor(scope: Construct, id: string, props: DaprSubscriptionProps) {
    const document = daprSubscriptionDocument(props);
    super(scope, id, { document });
    this.deadLetterTopic = String(document.spec.deadLetterTopic);
  }
}
