import { DataKubernetesResources } from "@cdktf/provider-kubernetes/lib/data-kubernetes-resources/index.js";
import { dependable, TerraformResource } from "cdktf";
import { Construct, type IConstruct } from "constructs";

export interface RequiredCrdsProps {
  /** Who provides the CRDs, as the error should name it, e.g. "the Strimzi operator 1.2.0". */
  readonly operator: string;
  /** CRD names (`<plural>.<group>`), e.g. `kafkas.kafka.strimzi.io`. */
  readonly crds: readonly string[];
  /** Constructs whose resources need the CRDs; they are planned only after the check passed. */
  readonly dependents: readonly IConstruct[];
}

/**
 * Fails the plan with a message naming each missing CRD and the operator that installs it, for
 * clusters whose operators a platform team installs. Without it, planning a custom resource of
 * an unknown kind fails deep inside the provider ("no matches for kind ...").
 */
export class RequiredCrds extends Construct {
  constructor(scope: Construct, id: string, props: RequiredCrdsProps) {
    super(scope, id);
    const checks = props.crds.map(
      (crd) =>
        new DataKubernetesResources(this, crd, {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          fieldSelector: `metadata.name=${crd}`,
          lifecycle: {
            postcondition: [
              {
                condition: "${length(self.objects) > 0}",
                errorMessage: `CustomResourceDefinition ${crd} is missing from the cluster: install ${props.operator} (the environment says it is preinstalled), then plan again.`,
              },
            ],
          },
        }),
    );
    for (const dependent of props.dependents)
      for (const resource of dependent.node.findAll())
        if (resource instanceof TerraformResource)
          resource.dependsOn = [...(resource.dependsOn ?? []), ...checks.map((c) => dependable(c))];
  }
}
