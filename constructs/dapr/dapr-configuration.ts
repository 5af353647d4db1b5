import type { Construct } from "constructs";
import {
  DaprResource,
  placed,
  type DaprDocumentPlacement,
  type DaprResourceDocument,
} from "./dapr-resource.js";

/** What {@link daprConfigurationDocument} builds a sidecar Configuration from. */
export interface DaprConfigurationDocumentOptions extends Omit<DaprDocumentPlacement, "scopes"> {
  /** @default "appconfig" */
  readonly name?: string;
  /**
   * OTLP collector address (`host:port`).
   * @default - tracing off
   */
  readonly otlpEndpoint?: string;
  /** @default "grpc" */
  readonly otlpProtocol?: "grpc" | "http";
  /** @default 1 */
  readonly traceSamplingRatio?: number;
  /**
   * Service invocation access control: app-ids allowed to invoke the apps using this
   * configuration; everything else is denied. It identifies callers by Sentry's mTLS
   * certificates, so standalone daprd without Sentry cannot enforce it.
   * @default - no access control: every caller allowed
   */
  readonly accessControl?: {
    /** @default [] - no app may invoke it */
    readonly allowedCallers?: readonly string[];
    /** SPIFFE trust domain of the sidecars. @default "public" */
    readonly trustDomain?: string;
  };
  /**
   * Name resolution for service invocation (`spec.nameResolution`), e.g. SQLite on one machine.
   * @default - the platform's (Kubernetes DNS, or mDNS standalone)
   */
  readonly nameResolution?: Readonly<Record<string, unknown>>;
}

/** A Dapr `Configuration` (dapr.io/v1alpha1) document for app sidecars. */
export function daprConfigurationDocument(
  options: DaprConfigurationDocumentOptions,
): DaprResourceDocument {
  const name = options.name ?? "appconfig";
  const ratio = options.traceSamplingRatio ?? 1;
  if (ratio < 0 || ratio > 1)
    throw new Error(
      `DaprConfiguration '${name}': traceSamplingRatio (${ratio}) must be within 0..1`,
    );
  const acl = options.accessControl;
  const trustDomain = acl?.trustDomain ?? "public";
  return placed(
    {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Configuration",
      metadata: { name },
      spec: {
        ...(options.nameResolution ? { nameResolution: options.nameResolution } : {}),
        metrics: { enabled: true },
        tracing: options.otlpEndpoint
          ? {
              samplingRate: String(ratio),
              otel: {
                endpointAddress: options.otlpEndpoint,
                isSecure: false,
                protocol: options.otlpProtocol ?? "grpc",
              },
            }
          : { samplingRate: "0" },
        ...(acl
          ? {
              accessControl: {
                defaultAction: "deny",
                trustDomain,
                policies: (acl.allowedCallers ?? []).map((appId) => ({
                  appId,
                  defaultAction: "allow",
                  trustDomain,
                  ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
                })),
              },
            }
          : {}),
      },
    },
    options,
  );
}

export interface DaprConfigurationProps {
  readonly namespace: string;
  /** @default "appconfig" */
  readonly name?: string;
  /**
   * OTLP/gRPC collector address (`host:port`).
   * @default - tracing off
   */
  readonly otlpEndpoint?: string;
  /** @default 1 */
  readonly traceSamplingRatio?: number;
  /**
   * App-ids allowed to invoke the apps using this configuration; everything else is denied.
   * Access control is enforced by the callee's sidecar, so each callee gets its own configuration.
   * @default [] - no app may invoke it
   */
  readonly allowedCallers?: readonly string[];
  /** SPIFFE trust domain of the sidecars. @default "public" */
  readonly trustDomain?: string;
}

/**
 * A Dapr `Configuration` for app sidecars: OpenTelemetry tracing, metrics, and service
 * invocation access control that denies by default and allows only the listed callers
 * (identities come from Sentry's mTLS certificates).
 */
export class DaprConfiguration extends DaprResource {
  readonly configurationName: string;

  constructor(scope: Construct, id: string, props: DaprConfigurationProps) {
    const document = daprConfigurationDocument({
      ...props,
      accessControl: { allowedCallers: props.allowedCallers, trustDomain: props.trustDomain },
    });
    super(scope, id, { document });
    this.configurationName = document.metadata.name;
  }
}
