/**
 * The GitHub Actions workflows pass actionlint (syntax, expressions and contexts, `needs`,
 * action inputs), built by the bootstrap; a broken workflow is refused.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "../../testbed/cluster/cdktf-cli.js";
import { actionlint as actionlintTool } from "../../testbed/checkers/go-checkers.js";

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
