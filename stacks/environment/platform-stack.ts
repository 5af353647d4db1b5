import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import {
  CloudNativePgOperator,
  DaprControlPlane,
  Observability,
  StrimziOperator,
  standardLabels,
  type PrometheusRuleGroup,
} from "../../constructs/index.js";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack.js";
import { helmProvider, kubernetesProvider } from "./kubernetes-providers.js";

export interface PlatformStackProps extends EnvironmentStackProps {
  /** Prometheus alert rules of the system, when the environment turns observability on. @default - none */
  readonly alertRuleGroups?: readonly PrometheusRuleGroup[];
}

/**
 * The platform of an environment (`todo-<env>-platform`): the workloads' namespace and everything
 * that installs CRDs or control planes (Dapr, Strimzi, CloudNativePG, observability) as Helm
 * releases. Applied before the stack with the custom resources, so each finds its CRD at plan
 * time.
 */
export class PlatformStack extends EnvironmentStack {
  readonly namespace: string;
  /** OTLP endpoint for traces, when observability is enabled. */
  readonly otlpEndpoint?: string;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { env } = props;
    kubernetesProvider(this, env);
    helmProvider(this, env);
    this.namespace = env.kubernetes.namespace;
    const namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: this.namespace,
        labels: {
          ...standardLabels(this, this.namespace, "namespace"),
          // Pods in the workloads' namespace must meet the Restricted Pod Security Standard.
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
        },
      },
    });
    const dapr = new DaprControlPlane(this, "Dapr", {
      ha: env.dapr.ha,
      mtls: env.dapr.mtls,
      logLevel: env.dapr.logLevel,
      chart: env.charts.dapr,
    });
    if (env.kafka.kind === "strimzi" && env.kafka.operator === "install") {
      new StrimziOperator(this, "Strimzi", {
        watchNamespaces: [this.namespace],
        replicas: env.stage === "development" ? 1 : 2,
        dependsOn: [namespace],
        chart: env.charts.strimzi,
      });
    }
    if (env.postgres.kind === "cloudnative-pg" && env.postgres.operator === "install")
      new CloudNativePgOperator(this, "CloudNativePg", { chart: env.charts.cloudNativePg });
    if (env.observability.enabled)
      this.otlpEndpoint = new Observability(this, "Observability", {
        alertRuleGroups: props.alertRuleGroups,
        charts: {
          jaeger: env.charts.jaeger,
          openTelemetryCollector: env.charts.openTelemetryCollector,
          prometheus: env.charts.prometheus,
        },
      }).otlpEndpoint;
    new TerraformOutput(this, "namespace", {
      value: this.namespace,
      description: "Namespace of the Todo services",
    });
    new TerraformOutput(this, "dapr_namespace", { value: dapr.namespace });
    if (this.otlpEndpoint)
      new TerraformOutput(this, "otlp_endpoint", {
        value: this.otlpEndpoint,
        description: "OTLP/gRPC trace collector",
      });
  }
}
