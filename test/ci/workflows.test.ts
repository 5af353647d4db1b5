/**
 * The GitHub Actions workflows pass actionlint (syntax, expressions and contexts, `needs`,
 * action inputs), built by the bootstrap; a broken workflow is refused. The workflows that plan
 * and apply touch no environment whose state a runner would throw away, and install the
 * Terraform release the tests prove.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repositoryRoot } from "../../testbed/cluster/cdktf-cli.js";
import { CHECKOV_VERSION } from "../../testbed/checkers/checkov.js";
import {
  actionlint as actionlintTool,
  CONFTEST_VERSION,
} from "../../testbed/checkers/go-checkers.js";
import { dev, environments } from "../../environments/index.js";
import { TERRAFORM_VERSION } from "../../testbed/terraform/terraform.js";
import {
  localStateInWorkflows,
  unpinnedTerraformSteps,
  workflowEnvironments,
} from "./workflow-facts.js";

/** The workflows that plan or apply, by file name. */
const DEPLOYING = ["plan-preview.yml", "deploy.yml", "drift.yml"];
const workflows = Object.fromEntries(
  DEPLOYING.map((f) => [f, readFileSync(join(repositoryRoot, ".github/workflows", f), "utf8")]),
);

let actionlint: string;
beforeAll(async () => {
  actionlint = await actionlintTool.ensure({ build: false });
});

/** actionlint over every workflow file of `dir`/.github/workflows. */
function lint(dir: string) {
  const workflows = join(dir, ".github/workflows");
  const files = readdirSync(workflows).map((f) => join(workflows, f));
  // Shell checks need shellcheck on PATH; the result must not depend on whether it is there.
  return spawnSync(actionlint, ["-color=false", "-shellcheck=", "-pyflakes=", ...files], {
    cwd: dir,
    encoding: "utf8",
  });
}

describe("workflows", () => {
  it("every workflow passes actionlint", () => {
    const files = readdirSync(join(repositoryRoot, ".github/workflows"));
    expect(files).toEqual(
      expect.arrayContaining([
        "plan-preview.yml",
        "plan-preview-comment.yml",
        "deploy.yml",
        "drift.yml",
      ]),
    );
    const result = lint(repositoryRoot);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("refuses a workflow that reads an undefined context", () => {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    mkdirSync(join(dir, ".github/workflows"), { recursive: true });
    writeFileSync(
      join(dir, ".github/workflows/bad.yml"),
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n",
    );
    const result = lint(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/bad\.yml:6:\d+: property "nope" is not defined/);
  });
});

describe("the workflows and the environments agree", () => {
  it("no workflow plans or applies an environment whose state is a local file", () => {
    for (const yaml of Object.values(workflows))
      expect(workflowEnvironments(yaml)).toEqual(["dev", "staging", "prod"]);
    expect(localStateInWorkflows(workflows, environments)).toEqual([]);
    expect(dev.backend.kind).toBe("kubernetes");
  });

  it("refuses an environment with local state in a workflow", () => {
    const localDev = { ...dev, backend: { kind: "local" as const, path: "dev.tfstate" } };
    const others = environments.filter((e) => e.name !== "dev");
    expect(localStateInWorkflows(workflows, [...others, localDev])).toEqual([
      "plan-preview.yml: dev",
      "deploy.yml: dev",
      "drift.yml: dev",
    ]);
  });

  it("every job installs the Terraform of .terraform-version, the release the tests run", () => {
    expect(unpinnedTerraformSteps(workflows)).toEqual([]);
    expect(readFileSync(join(repositoryRoot, ".terraform-version"), "utf8").trim()).toBe(
      TERRAFORM_VERSION,
    );
  });

  it("the plan preview installs the checkov and conftest releases the tests run", () => {
    const env = (parse(workflows["plan-preview.yml"]!) as { env: Record<string, string> }).env;
    expect({ checkov: env.CHECKOV_VERSION, conftest: env.CONFTEST_VERSION }).toEqual({
      checkov: CHECKOV_VERSION,
      conftest: CONFTEST_VERSION,
    });
  });

  it("refuses a setup-terraform step without the pin or with a release typed in", () => {
    const job = (terraformVersion?: string) =>
      [
        "jobs:",
        "  plan:",
        "    runs-on: ubuntu-24.04",
        "    steps:",
        "      - uses: hashicorp/setup-terraform@v3",
        ...(terraformVersion
          ? ["        with:", `          terraform_version: "${terraformVersion}"`]
          : []),
      ].join("\n");
    expect(
      unpinnedTerraformSteps({
        "a.yml": job(),
        "b.yml": job("1.9.0"),
        "c.yml": workflows["deploy.yml"]!,
      }),
    ).toEqual(["a.yml: plan", "b.yml: plan"]);
  });
});
