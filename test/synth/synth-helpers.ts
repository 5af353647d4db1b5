/**
 * Helpers for construct tests: synthesize a construct inside a throw-away stack and read the
 * resulting Terraform JSON, and collect the error annotations Aspects added.
 */
import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import type { App } from "cdktf";
import type { IConstruct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized JSON is untyped

/** A stack with the providers the constructs need, in a fresh test app. */
export function testStack(app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, "test");
  new KubernetesProvider(stack, "kubernetes", {});
  new HelmProvider(stack, "helm", {});
  new RandomProvider(stack, "random");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  return stack;
}

/** Synthesizes `stack` (Aspects included) and parses the Terraform JSON. */
export function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** Every resource of `type` in synthesized JSON, as a list of its attribute objects. */
export function resourcesOf(json: Json, type: string): Json[] {
  return Object.values((json.resource?.[type] ?? {}) as Record<string, Json>);
}

/** The `manifest` bodies of every `kubernetes_manifest` of the given kind. */
export function customResourcesOf(json: Json, kind: string): Json[] {
  return resourcesOf(json, "kubernetes_manifest")
    .map((r) => r.manifest as Json)
    .filter((m) => m.kind === kind);
}

/** Error annotations below `scope` (run after synthJson, which invokes the Aspects). */
export function errorsOf(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((n) => n.node.metadata)
    .filter((m) => m.type === AnnotationMetadataEntryType.ERROR)
    .map((m) => String(m.data));
}
