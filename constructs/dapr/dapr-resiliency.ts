import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";

export interface DaprResiliencyProps {
  readonly namespace: string;
  /** Apps whose sidecars apply the policy. */
  readonly scopes: readonly string[];
  /** App-ids called through service invocation: timeout, retries, circuit breaker on calls to them. */
  readonly invokedApps: readonly string[];
  /** Pub/sub component: bounded retries on delivery (inbound), then the dead-letter topic. */
  readonly pubsubName: string;
  /** Other components (state stores, bindings) protected on outbound calls. @default [] */
  readonly components?: readonly string[];
  /** @default "resiliency" */
  readonly name?: string;
  /** Retries before a message goes to its dead-letter topic. @default 5 */
  readonly maxDeliveryRetries?: number;
}

/**
 * A Dapr `Resiliency`: exponential backoff with bounded retries, timeouts and circuit breakers for
 * service invocation, pub/sub delivery and component calls. Bounded inbound retries are what
 * make a poison message reach its dead-letter topic instead of blocking the partition.
 */
export class DaprResiliency extends Construct {
  constructor(scope: Construct, id: string, props: DaprResiliencyProps) {
    super(scope, id);
    const name = props.name ?? "resiliency";
    const maxDeliveryRetries = props.maxDeliveryRetries ?? 5;
    if (!Number.isInteger(maxDeliveryRetries) || maxDeliveryRetries < 0 || maxDeliveryRetries > 20)
      throw new Error(
        `DaprResiliency '${name}': maxDeliveryRetries (${maxDeliveryRetries}) must be an integer within 0..20`,
      );
    const outbound = { timeout: "general", retry: "transient", circuitBreaker: "shared" };
    customResource(this, "Resource", {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Resiliency",
      metadata: {
        name,
        namespace: props.namespace,
        labels: standardLabels(this, name, "dapr-resiliency"),
      },
      spec: {
        policies: {
          timeouts: { general: "5s", delivery: "30s" },
          retries: {
            transient: { policy: "exponential", maxInterval: "10s", maxRetries: 3 },
            delivery: { policy: "exponential", maxInterval: "60s", maxRetries: maxDeliveryRetries },
          },
          circuitBreakers: {
            shared: {
              maxRequests: 1,
              interval: "0s",
              timeout: "30s",
              trip: "consecutiveFailures > 5",
            },
          },
        },
        targets: {
          apps: Object.fromEntries(props.invokedApps.map((app) => [app, outbound])),
          components: {
            [props.pubsubName]: {
              inbound: { timeout: "delivery", retry: "delivery" },
              outbound,
            },
            ...Object.fromEntries((props.components ?? []).map((c) => [c, { outbound }])),
          },
        },
      },
      scopes: [...props.scopes],
    });
  }
}
