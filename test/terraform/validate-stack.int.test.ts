/**
 * `validate` of synthesized stacks against the real kubernetes and helm providers built by
 * the bootstrap: a correct stack passes, a misspelled attribute fails naming the attribute.
 */
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { pinProviders } from "../../constructs/policy/provider-versions.js";
import { ensureTerraform, type TerraformToolchain } from "../../testbed/terraform/terraform.js";
import {
  formatDiagnostics,
  synthesizedStackDirs,
  validateStack,
} from "../../testbed/terraform/validate.js";

const stackName = "validate-probe";

interface ProbeStack {
  readonly stack: TerraformStack;
  readonly configMap: ConfigMapV1;
  readonly release: Release;
}

/** A small stack using both providers the way the product's stacks do. */
function probeStack(): ProbeStack {
  const stack = new TerraformStack(Testing.app(), stackName);
  pinProviders(stack);
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  const namespace = new NamespaceV1(stack, "Namespace", { metadata: { name: "probe" } });
  const configMap = new ConfigMapV1(stack, "Settings", {
    metadata: { name: "settings", namespace: namespace.metadata.name },
    data: { LOG_LEVEL: "info" },
    immutable: true,
  });
  const release = new Release(stack, "Operator", {
    name: "strimzi",
    chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator",
    version: "0.0.1",
    namespace: namespace.metadata.name,
    values: [JSON.stringify({ replicas: 1 })],
  });
  return { stack, configMap, release };
}

function synthesize(stack: TerraformStack): string {
  const [stackDir, ...others] = synthesizedStackDirs(Testing.fullSynth(stack));
  expect(others).toEqual([]);
  expect(stackDir).toMatch(new RegExp(`[\\\\/]${stackName}$`));
  return stackDir!;
}

describe("validateStack", () => {
  let toolchain: TerraformToolchain;

  beforeAll(async () => {
    toolchain = await ensureTerraform({ build: false });
  });

  it("passes a stack that uses the kubernetes and helm providers at their pinned versions", async () => {
    const result = await validateStack(synthesize(probeStack().stack), { toolchain });
    expect(result.valid, formatDiagnostics(result)).toBe(true);
    expect(result.validatedWith).toBe(`${toolchain.kind} ${toolchain.version}`);
    expect(toolchain.providers).toEqual(expect.arrayContaining(["kubernetes", "helm"]));
  });

  it("fails when a kubernetes resource has a misspelled attribute, naming it", async () => {
    const { stack, configMap } = probeStack();
    configMap.addOverride("imutable", true);
    const result = await validateStack(synthesize(stack), { toolchain });
    expect(result.valid).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors, formatDiagnostics(result)).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      phase: "validate",
      detail: expect.stringContaining('"imutable"'),
    });
  });

  it("fails when a helm release has a misspelled attribute, naming it", async () => {
    const { stack, release } = probeStack();
    release.addOverride("namespce", "probe");
    const result = await validateStack(synthesize(stack), { toolchain });
    expect(result.valid).toBe(false);
    expect(formatDiagnostics(result)).toContain('"namespce"');
  });

  it("fails at init, naming the provider, when a stack needs a provider that was not built", async () => {
    const { stack } = probeStack();
    stack.addOverride("terraform.required_providers.dns", {
      source: "hashicorp/dns",
      version: "3.4.0",
    });
    const result = await validateStack(synthesize(stack), { toolchain });
    expect(result.valid).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ phase: "init" });
    expect(result.diagnostics[0]!.detail).toContain("hashicorp/dns");
    expect(result.diagnostics[0]!.detail).toContain("npm run infra:bootstrap");
  });

  it("leaves the synthesized stack folder without .terraform state", async () => {
    const stackDir = synthesize(probeStack().stack);
    await validateStack(stackDir, { toolchain });
    expect(readdirSync(stackDir)).not.toContain(".terraform");
  });
});
