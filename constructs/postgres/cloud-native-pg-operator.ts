import { Release } from "@cdktf/provider-helm/lib/release/index.js";
import { Construct } from "constructs";
import { CHARTS } from "../helm/charts.js";
import { releaseNamespace } from "../_internal/release-namespace.js";
import { chartArguments, type ChartSource } from "../helm/chart-source.js";

export interface CloudNativePgOperatorProps {
  /** @default "cnpg-system" */
  readonly namespace?: string;
  /** @default - the public CloudNativePG chart repository */
  readonly chart?: ChartSource;
}

/**
 * The CloudNativePG operator (official Helm chart, pinned), installing the `postgresql.cnpg.io`
 * CRDs. Lives in the platform stack so `Cluster` resources can be planned in the app stack.
 */
export class CloudNativePgOperator extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CloudNativePgOperatorProps = {}) {
    super(scope, id);
    this.release = new Release(this, "Resource", {
      name: "cnpg",
      namespace: releaseNamespace(this, props.namespace ?? "cnpg-system"),
      ...chartArguments(this, CHARTS.cloudNativePg, props.chart),
      values: [
        JSON.stringify({
          resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "256Mi" },
          },
        }),
      ],
      atomic: true,
      wait: true,
    });
  }
}
