import type { Construct } from "constructs";
import {
  DaprResource,
  placed,
  type DaprDocumentPlacement,
  type DaprResourceDocument,
} from "./dapr-resource.js";

/** What {@link daprResiliencySpec} protects, and how often a failing delivery is retried. */
export interface DaprResiliencySpecOptions {
  /** App-ids called through service invocation: timeout, retries, circuit breaker on calls to them. */
  readonly invokedApps: readonly string[];
  /** Pub/sub components whose deliveries are retried until the app accepts or drops them. */
  readonly pubsubNames: readonly string[];
  /** Other components (state stores, bindings) protected on outbound calls. @default [] */
  readonly components?: readonly string[];
  /**
   * Seconds between two deliveries of an event the app answered with RETRY (or could not be
   * reached for). The count is unbounded, so this bounds the rate. @default 2
   */
  readonly redeliveryIntervalSeconds?: number;
}

/**
 * The `spec` of a Resiliency (see {@link daprResiliencyDocument}).
 *
 * Inbound deliveries are retried forever at a fixed interval: a transient failure (the
 * consumer or its database down) must wait, not be dead-lettered. Only the app decides that an
 * event is poison, after its own bounded attempts, by answering DROP, which daprd sends to the
 * subscription's dead-letter topic (services/runtime/dapr/subscriptions.ts). Constant, not
 * exponential: Dapr's exponential policy stops after 15 minutes (backoff's MaxElapsedTime,
 * which the Resiliency CRD cannot set), which would dead-letter every event of a longer outage.
 */
export function daprResiliencySpec(options: DaprResiliencySpecOptions): Record<string, unknown> {
  const interval = options.redeliveryIntervalSeconds ?? 2;
  if (!Number.isInteger(interval) || interval < 1 || interval > 300)
    throw new Error(
      `Dapr resiliency: redeliveryIntervalSeconds (${interval}) must be an integer within 1..300`,
    );
  const outbound = { timeout: "general", retry: "transient", circuitBreaker: "shared" };
  return {
    policies: {
      timeouts: { general: "5s", delivery: "30s" },
      retries: {
        transient: { policy: "exponential", maxInterval: "10s", maxRetries: 3 },
        redeliver: { policy: "constant", duration: `${interval}s`, maxRetries: -1 },
      },
      circuitBreakers: {
        // Open for 10 s after 5 failures in a row: long enough to spare a restarting peer,
        // short enough that a broker back after a restart is used again soon (fault bench).
        shared: {
          maxRequests: 1,
          interval: "0s",
          timeout: "10s",
          trip: "consecutiveFailures > 5",
        },
      },
    },
    targets: {
      apps: Object.fromEntries(options.invokedApps.map((app) => [app, outbound])),
      components: {
        ...Object.fromEntries(
          options.pubsubNames.map((name) => [
            name,
            { inbound: { timeout: "delivery", retry: "redeliver" }, outbound },
          ]),
        ),
        ...Object.fromEntries((options.components ?? []).map((c) => [c, { outbound }])),
      },
    },
  };
}

/** What {@link daprResiliencyDocument} builds a Resiliency from. */
export interface DaprResiliencyDocumentOptions
  extends DaprResiliencySpecOptions, DaprDocumentPlacement {
  /** @default "resiliency" */
  readonly name?: string;
}

/** A Dapr `Resiliency` (dapr.io/v1alpha1) document with the spec of {@link daprResiliencySpec}. */
export function daprResiliencyDocument(
  options: DaprResiliencyDocumentOptions,
): DaprResourceDocument {
  return placed(
    {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Resiliency",
      metadata: { name: options.name ?? "resiliency" },
      spec: daprResiliencySpec(options),
    },
    options,
  );
}

export interface DaprResiliencyProps extends DaprResiliencyDocumentOptions {
  readonly namespace: string;
  /** Apps whose sidecars apply the policy. */
  readonly scopes: readonly string[];
}

/**
 * A Dapr `Resiliency` (see {@link daprResiliencySpec}): timeouts, bounded retries and circuit
 * breakers for service invocation and component calls; unbounded, rate-limited redelivery of
 * events, so only the app's poison verdict reaches a dead-letter topic.
 */
export class DaprResiliency extends DaprResource {
  constructor(scope: Construct, id: string, props: DaprResiliencyProps) {
    super(scope, id, { document: daprResiliencyDocument(props) });
  }
}
