/**
 * A custom resource as a `kubernetes_manifest`. Kept in one helper so every CR the constructs emit
 * can be found (and schema-checked) by its apiVersion/kind.
 * @internal
 */
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest/index.js";
import type { Construct } from "constructs";

export interface CustomResourceDefinition {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Record<string, string>;
  };
  readonly spec?: unknown;
  readonly [field: string]: unknown;
}

export function customResource(
  scope: Construct,
  id: string,
  body: CustomResourceDefinition,
): Manifest {
  return new Manifest(scope, id, { manifest: body as unknown as Record<string, unknown> });
}
