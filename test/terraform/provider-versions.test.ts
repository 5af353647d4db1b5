/**
 * The provider pins: what stacks declare, and that the bootstrap builds the same versions.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { PROVIDERS, pinProviders } from "../../constructs/policy/provider-versions.js";
import { PROVIDER_BUILDS, releasedVersion } from "../../testbed/terraform/terraform-providers.js";

interface RequiredProviders {
  terraform: { required_providers: Record<string, unknown> };
}

function requiredProviders(stack: TerraformStack): Record<string, unknown> {
  return (JSON.parse(Testing.synth(stack)) as RequiredProviders).terraform.required_providers;
}

describe("pinProviders", () => {
  it("requires the fully qualified source and exact version of every provider the stack configures", () => {
    const stack = new TerraformStack(Testing.app(), "pinned");
    pinProviders(stack);
    new KubernetesProvider(stack, "kubernetes", {});
    new HelmProvider(stack, "helm", {});
    new NamespaceV1(stack, "Namespace", { metadata: { name: "n" } });

    expect(requiredProviders(stack)).toEqual({
      kubernetes: { source: "hashicorp/kubernetes", version: PROVIDERS.kubernetes.version },
      helm: { source: "hashicorp/helm", version: PROVIDERS.helm.version },
    });
  });

  it("works when called after the providers were added", () => {
    const stack = new TerraformStack(Testing.app(), "pinned-late");
    new KubernetesProvider(stack, "kubernetes", {});
    pinProviders(stack);

    expect(requiredProviders(stack)).toEqual({ kubernetes: PROVIDERS.kubernetes });
  });

  it("adds no provider the stack does not configure", () => {
    const stack = new TerraformStack(Testing.app(), "pinned-none");
    pinProviders(stack);

    expect(JSON.parse(Testing.synth(stack)).terraform?.required_providers).toBeUndefined();
  });

  it("leaves the bindings' own (unqualified, older) pin when not applied", () => {
    const stack = new TerraformStack(Testing.app(), "unpinned");
    new KubernetesProvider(stack, "kubernetes", {});

    expect(requiredProviders(stack).kubernetes).not.toEqual(PROVIDERS.kubernetes);
  });
});

describe("PROVIDERS", () => {
  it("pins exact versions with fully qualified sources", () => {
    for (const [name, pin] of Object.entries(PROVIDERS)) {
      expect(pin.source, name).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(pin.version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it("has exactly one bootstrap build per pinned provider", () => {
    expect(PROVIDER_BUILDS.map((b) => b.name).sort()).toEqual(Object.keys(PROVIDERS).sort());
  });
});

describe("releasedVersion", () => {
  it("skips an unreleased CHANGELOG heading and returns the release the source is at or after", () => {
    const dir = mkdtempSync(join(tmpdir(), "changelog-"));
    writeFileSync(
      join(dir, "CHANGELOG.md"),
      "## 6.48.0 (Unreleased)\n\nNOTES:\n\n## 6.47.0 (May 27, 2026)\n",
    );

    expect(releasedVersion(dir)).toBe("6.47.0");
  });
});
