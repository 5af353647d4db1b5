import { Release } from "@cdktf/provider-helm/lib/release/index.js";
import { Construct } from "constructs";
import { CHARTS } from "../helm/charts.js";
import { releaseNamespace } from "../_internal/release-namespace.js";
import { chartArguments, type ChartSource } from "../helm/chart-source.js";

export interface DaprControlPlaneProps {
  /** Three replicas of every control-plane service with anti-affinity. @default false */
  readonly ha?: boolean;
  /** Sidecar-to-sidecar mTLS via Sentry. @default true - service invocation carries user data */
  readonly mtls?: boolean;
  /** @default "info" */
  readonly logLevel?: "debug" | "info" | "warn" | "error";
  /** @default "dapr-system" */
  readonly namespace?: string;
  /** @default - the public Dapr chart repository */
  readonly chart?: ChartSource;
}

/**
 * The Dapr control plane (operator, sentry, placement, scheduler, sidecar injector) from the
 * official Helm chart, pinned to the runtime the services and tests use. Installs the Dapr CRDs,
 * so it lives in the platform stack.
 */
export class DaprControlPlane extends Construct {
  readonly release: Release;
  readonly namespace: string;
  /** Helm values passed to the chart (checked against the chart's defaults in tests). */
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: DaprControlPlaneProps = {}) {
    super(scope, id);
    const logLevel = props.logLevel ?? "info";
    this.namespace = props.namespace ?? "dapr-system";
    const controlPlaneResources = {
      resources: {
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "1000m", memory: "512Mi" },
      },
    };
    this.values = {
      global: {
        tag: CHARTS.dapr.version,
        logAsJson: true,
        ha: { enabled: props.ha ?? false },
        mtls: { enabled: props.mtls ?? true },
        prometheus: { enabled: true },
        seccompProfile: "RuntimeDefault",
      },
      dapr_operator: { logLevel, ...controlPlaneResources },
      dapr_placement: { logLevel, ...controlPlaneResources },
      dapr_sentry: { logLevel, ...controlPlaneResources },
      dapr_scheduler: { logLevel, ...controlPlaneResources },
      dapr_sidecar_injector: { logLevel, ...controlPlaneResources },
    };
    this.release = new Release(this, "Resource", {
      name: "dapr",
      namespace: releaseNamespace(this, this.namespace),
      ...chartArguments(this, CHARTS.dapr, props.chart),
      values: [JSON.stringify(this.values)],
      atomic: true,
      wait: true,
    });
  }
}
