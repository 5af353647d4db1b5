import { Release } from "@cdktf/provider-helm/lib/release/index.js";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../helm/charts.js";
import { releaseNamespace } from "../_internal/release-namespace.js";
import { chartArguments, type ChartSource } from "../helm/chart-source.js";

export interface StrimziOperatorProps {
  /** Namespaces whose `Kafka`/`KafkaNodePool`/`KafkaTopic` resources the operator reconciles. */
  readonly watchNamespaces: readonly string[];
  /** @default "strimzi-system" */
  readonly namespace?: string;
  /** @default 1 - the operator is a reconciler, a restart only delays reconciliation */
  readonly replicas?: number;
  /** Resources to create first, e.g. the watched namespaces (the chart binds roles in them). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** @default - the public Strimzi chart repository */
  readonly chart?: ChartSource;
}

/**
 * The Strimzi cluster operator (official Helm chart, pinned) that installs the Kafka CRDs.
 * Lives in the platform stack so the CRDs exist before any `Kafka` resource is planned.
 */
export class StrimziOperator extends Construct {
  readonly release: Release;
  /** Helm values passed to the chart (checked against the chart's defaults in tests). */
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: StrimziOperatorProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    if (props.watchNamespaces.length === 0)
      throw new Error(
        "StrimziOperator: watchNamespaces is empty; name the namespace(s) holding Kafka resources",
      );
    this.values = {
      replicas,
      watchNamespaces: [...props.watchNamespaces],
      leaderElection: { enable: replicas > 1 },
      generateNetworkPolicy: true,
      generatePodDisruptionBudget: true,
      // Kafka pods meet the Restricted Pod Security Standard the app namespace enforces.
      extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
      resources: {
        requests: { cpu: "200m", memory: "384Mi" },
        limits: { cpu: "1000m", memory: "384Mi" },
      },
    };
    this.release = new Release(this, "Resource", {
      name: "strimzi",
      namespace: releaseNamespace(this, props.namespace ?? "strimzi-system"),
      ...chartArguments(this, CHARTS.strimzi, props.chart),
      values: [JSON.stringify(this.values)],
      atomic: true,
      wait: true,
      dependsOn: props.dependsOn,
    });
  }
}
