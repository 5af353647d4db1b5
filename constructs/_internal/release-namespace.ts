/**
 * The namespace a Helm release installs into, as a resource of the stack rather than Helm's
 * `create_namespace`: Helm never deletes a namespace it created, so a destroy would leave it
 * behind with whatever it holds (a StatefulSet's volume claims, for one).
 * @internal
 */
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1/index.js";
import type { Construct } from "constructs";
import { standardLabels } from "../policy/standard-labels.js";

/** Creates `name` as `<scope>/Namespace`; returns its name as a token (an implicit dependency). */
export function releaseNamespace(scope: Construct, name: string): string {
  return new NamespaceV1(scope, "Namespace", {
    metadata: { name, labels: standardLabels(scope, name, "namespace") },
  }).metadata.name;
}
