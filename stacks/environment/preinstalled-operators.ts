import type { TerraformStack } from "cdktf";
import {
  CHARTS,
  CloudNativePgDatabase,
  RequiredCrds,
  StrimziKafkaCluster,
  type ChartRef,
} from "../../constructs/index.js";
import type { Environment } from "../../environments/schema.js";

/**
 * For each operator `env` counts as preinstalled by a platform team (`operator: "preinstalled"`),
 * checks the CRDs `stack` needs from it before anything else in `stack` is planned: a missing one
 * stops the plan naming the CRD and the operator's Helm chart.
 */
export function requirePreinstalledOperators(stack: TerraformStack, env: Environment): void {
  const operator = (chart: ChartRef, name: string) =>
    `the ${name} operator (Helm chart ${chart.chart} ${chart.version})`;
  if (env.kafka.kind === "strimzi" && env.kafka.operator === "preinstalled")
    new RequiredCrds(stack, "StrimziCrds", {
      operator: operator(CHARTS.strimzi, "Strimzi"),
      crds: StrimziKafkaCluster.requiredCrds,
      dependents: [stack],
    });
  if (env.postgres.kind === "cloudnative-pg" && env.postgres.operator === "preinstalled")
    new RequiredCrds(stack, "CloudNativePgCrds", {
      operator: operator(CHARTS.cloudNativePg, "CloudNativePG"),
      crds: CloudNativePgDatabase.requiredCrds,
      dependents: [stack],
    });
}
