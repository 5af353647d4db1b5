/**
 * The Rego plan policies (policy/plan) under conftest, built by the bootstrap: every policy's
 * unit tests pass and each policy has a case it refuses; a wrong expectation fails `verify`.
 * (test/ci/plan-preview.int.test.ts shows them refusing real plans.)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "../../testbed/cluster/cdktf-cli.js";
import { conftest as conftestTool } from "../../testbed/checkers/go-checkers.js";

const POLICY_DIR = join(repositoryRoot, "policy/plan");

let conftest: string;
beforeAll(async () => {
  conftest = await conftestTool.ensure({ build: false });
});

const verify = (dir: string) =>
  spawnSync(conftest, ["verify", "--no-color", "--policy", dir], { encoding: "utf8" });

/** Test rule names by policy package, read from the *_test.rego files. */
function testsByPackage(dir: string): Map<string, string[]> {
  const byPackage = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith("_test.rego"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const tested = /^import data\.([\w.]+)$/m.exec(text)![1]!;
    byPackage.set(
      tested,
      [...text.matchAll(/^(test_\w+) if/gm)].map((m) => m[1]!),
    );
  }
  return byPackage;
}

describe("plan policies", () => {
  it("pass their own tests, and every policy has a case it refuses", () => {
    const policies = readdirSync(POLICY_DIR)
      .filter((f) => f.endsWith(".rego") && !f.endsWith("_test.rego"))
      .map((f) => `plan.${f.replace(/\.rego$/, "")}`);
    const tests = testsByPackage(POLICY_DIR);
    expect([...tests.keys()].sort()).toEqual(policies.sort());
    for (const [policy, names] of tests)
      expect(
        names.filter((n) => n.endsWith("_refused")),
        policy,
      ).not.toEqual([]);

    const result = verify(POLICY_DIR);
    const total = [...tests.values()].flat().length;
    expect(result.stdout + result.stderr).toContain(
      `${total} tests, ${total} passed, 0 warnings, 0 failures`,
    );
    expect(result.status).toBe(0);
  });

  it("fails verify when a policy no longer refuses what its test says", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-policy-"));
    try {
      cpSync(POLICY_DIR, dir, { recursive: true });
      const file = join(dir, "latest_image.rego");
      // A policy that forgot the `latest` tag.
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(
          /^unpinned\(image\) if endswith\(image, ":latest"\)$/m,
          "",
        ),
      );
      const result = verify(dir);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/FAIL - .*test_latest_refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
