import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";

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
export class DaprConfiguration extends Construct {
  readonly configurationName: string;

  constructor(scope: Construct, id: string, props: DaprConfigurationProps) {
    super(scope, id);
    this.configurationName = props.name ?? "appconfig";
    const ratio = props.traceSamplingRatio ?? 1;
    if (ratio < 0 || ratio > 1)
      throw new Error(
        `DaprConfiguration '${this.configurationName}': traceSamplingRatio (${ratio}) must be within 0..1`,
      );
    const trustDomain = props.trustDomain ?? "public";
    customResource(this, "Resource", {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Configuration",
      metadata: {
        name: this.configurationName,
        namespace: props.namespace,
        labels: standardLabels(this, this.configurationName, "dapr-configuration"),
      },
      spec: {
        metrics: { enabled: true },
        tracing: props.otlpEndpoint
          ? {
              samplingRate: String(ratio),
              otel: { endpointAddress: props.otlpEndpoint, isSecure: false, protocol: "grpc" },
            }
          : { samplingRate: "0" },
        accessControl: {
          defaultAction: "deny",
          trustDomain,
          policies: (props.allowedCallers ?? []).map((appId) => ({
            appId,
            defaultAction: "allow",
            trustDomain,
            namespace: props.namespace,
          })),
        },
      },
    });
  }
}
