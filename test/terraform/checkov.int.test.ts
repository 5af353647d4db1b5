/**
 * checkov really runs over synthesized Terraform JSON: a privileged container fails
 * CKV_K8S_16, an unprivileged one passes it, and the baseline turns an accepted finding
 * into a suppressed one.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { pinProviders } from "../../constructs/policy/provider-versions.js";
import {
  ensureCheckov,
  formatChecks,
  runCheckov,
  type CheckovResult,
} from "../../testbed/checkers/checkov.js";

const stackName = "checkov-probe";
const privileged = "CKV_K8S_16";

function deployment(stack: TerraformStack, id: string, isPrivileged: boolean): void {
  const labels = { app: id.toLowerCase() };
  new DeploymentV1(stack, id, {
    metadata: { name: id.toLowerCase(), namespace: "probe" },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          container: [
            {
              name: "app",
              image: "registry.example/app:1.0.0",
              securityContext: { privileged: isPrivileged },
            },
          ],
        },
      },
    },
  });
}

/** Synthesizes a stack with one privileged and one unprivileged Deployment. */
function synthesizeProbe(): string {
  const stack = new TerraformStack(Testing.app(), stackName);
  pinProviders(stack);
  new KubernetesProvider(stack, "kubernetes", {});
  deployment(stack, "Insecure", true);
  deployment(stack, "Hardened", false);
  return join(Testing.fullSynth(stack), "stacks", stackName);
}

describe("runCheckov", () => {
  let stackDir: string;
  let result: CheckovResult;

  beforeAll(async () => {
    await ensureCheckov({ install: false });
    stackDir = synthesizeProbe();
    result = await runCheckov(stackDir);
  });

  it("fails the privileged container's deployment on CKV_K8S_16, naming resource and construct", () => {
    expect(result.failed, formatChecks(result.failed)).toContainEqual({
      id: privileged,
      name: expect.stringMatching(/privileged/i),
      resource: "kubernetes_deployment_v1.Insecure",
      file: "cdk.tf.json",
      constructPath: `${stackName}/Insecure`,
    });
  });

  it("passes CKV_K8S_16 for the unprivileged deployment", () => {
    const hardened = (c: { id: string; resource: string }) =>
      c.id === privileged && c.resource === "kubernetes_deployment_v1.Hardened";
    expect(result.passed.some(hardened)).toBe(true);
    expect(result.failed.some(hardened)).toBe(false);
  });

  it("moves a finding the baseline accepts to suppressed, with its reason", async () => {
    const baselineFile = join(mkdtempSync(join(tmpdir(), "baseline-")), "baseline.json");
    const reason = "The probe deliberately runs a privileged container.";
    writeFileSync(
      baselineFile,
      JSON.stringify({
        skips: [
          { check: privileged, resources: ["kubernetes_deployment_v1.Insec*"], reason },
          {
            check: "CKV_K8S_99",
            reason: "Matches nothing in this stack, so it is reported as unused.",
          },
        ],
      }),
    );

    const withBaseline = await runCheckov(stackDir, { baselineFile });

    expect(withBaseline.failed.filter((c) => c.id === privileged)).toEqual([]);
    expect(withBaseline.suppressed).toContainEqual(
      expect.objectContaining({
        id: privileged,
        resource: "kubernetes_deployment_v1.Insecure",
        reason,
      }),
    );
    expect(withBaseline.unusedBaselineEntries.map((e) => e.check)).toEqual(["CKV_K8S_99"]);
  });
});
