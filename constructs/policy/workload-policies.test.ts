import {
  DeploymentV1,
  type DeploymentV1SpecTemplateSpecContainer,
} from "@cdktf/provider-kubernetes/lib/deployment-v1/index.js";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { errorsOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { standardLabels } from "./standard-labels.js";
import { imageReference } from "./pinned-image-policy.js";
import { applyWorkloadPolicies } from "./workload-policies.js";

const compliant: DeploymentV1SpecTemplateSpecContainer = {
  name: "app",
  image: "ghcr.io/acme/app:1.0.0",
  resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
  },
};

/** Errors the policies report for a Deployment with the given container and labels. */
function violations(
  container: Partial<DeploymentV1SpecTemplateSpecContainer>,
  labels?: Record<string, string>,
): string[] {
  const stack = testStack();
  labels ??= standardLabels(stack, "app", "service");
  applyWorkloadPolicies(stack);
  new DeploymentV1(stack, "Deployment", {
    metadata: { name: "app", labels },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": "app" } },
      template: { metadata: { labels }, spec: { container: [{ ...compliant, ...container }] } },
    },
  });
  synthJson(stack);
  return errorsOf(stack);
}

describe("workload policies", () => {
  it("accept a compliant workload", () => {
    expect(violations({})).toEqual([]);
  });

  it("fail on a 'latest' image", () => {
    expect(violations({ image: "ghcr.io/acme/app:latest" })).toEqual([
      "container 'app': image 'ghcr.io/acme/app:latest' is tagged 'latest'; pin a version tag (e.g. :1.4.2) or a digest",
    ]);
  });

  it("fail on an untagged image, even from a registry with a port", () => {
    expect(violations({ image: "registry:5000/acme/app" })).toEqual([
      "container 'app': image 'registry:5000/acme/app' is untagged; pin a version tag (e.g. :1.4.2) or a digest",
    ]);
  });

  it("accept an image pinned by digest", () => {
    expect(violations({ image: `ghcr.io/acme/app@sha256:${"a".repeat(64)}` })).toEqual([]);
  });

  it("fail on missing resource limits", () => {
    expect(violations({ resources: { requests: { cpu: "100m", memory: "64Mi" } } })).toEqual([
      "container 'app': resources limits.cpu, limits.memory not set; every container needs requests and limits",
    ]);
  });

  it("fail on missing standard labels", () => {
    expect(violations({}, { app: "x" })).toEqual([
      "metadata is missing the standard label(s) app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/component, app.kubernetes.io/part-of, app.kubernetes.io/managed-by",
      "pod template is missing the standard label(s) app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/component, app.kubernetes.io/part-of, app.kubernetes.io/managed-by",
    ]);
  });

  it("fail on a privileged container", () => {
    expect(
      violations({ securityContext: { ...compliant.securityContext, privileged: true } }),
    ).toEqual(["container 'app' is privileged"]);
  });

  it("fail on a container that may run as root", () => {
    expect(
      violations({ securityContext: { allowPrivilegeEscalation: false, runAsUser: "0" } }),
    ).toEqual(["container 'app' may run as root (set runAsNonRoot: true); runs as uid 0"]);
  });

  it("fail on privilege escalation left at its default", () => {
    expect(violations({ securityContext: { runAsNonRoot: true } })).toEqual([
      "container 'app' allows privilege escalation (set allowPrivilegeEscalation: false)",
    ]);
  });

  it("make a full synth fail", () => {
    const app = Testing.app();
    const stack = testStack(app);
    applyWorkloadPolicies(stack);
    new DeploymentV1(stack, "Deployment", {
      metadata: { name: "app" },
      spec: {
        selector: { matchLabels: { a: "b" } },
        template: { metadata: {}, spec: { container: [{ name: "app", image: "app" }] } },
      },
    });
    expect(() => app.synth()).toThrow(/image 'app' is untagged/);
  });
});

describe("imageReference", () => {
  it("splits tag and digest", () => {
    expect(imageReference("r:5000/a/b:1.2.3@sha256:abc")).toEqual({
      tag: "1.2.3",
      digest: "sha256:abc",
    });
    expect(imageReference("r:5000/a/b")).toEqual({ tag: undefined, digest: undefined });
  });
});
