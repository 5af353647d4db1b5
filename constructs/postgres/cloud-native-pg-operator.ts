import { Release } from "@cdktf/provider-helm/lib/release/index.js";
import { Construct } from "constructs";
import { CHARTS } from "../_internal/charts.js";

export interface CloudNativePgOperatorProps {
  /** @default "cnpg-system" */
  readonly namespace?: string;
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
      namespace: props.namespace ?? "cnpg-system",
      createNamespace: true,
      ...CHARTS.cloudNativePg,
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
