/**
 * Policy as code on the plan itself: conftest runs the repository's Rego policies (policy/plan)
 * against one saved plan's JSON, with the pull request's labels as `data.approvals.labels` (so
 * a policy can require an approval label). The plan JSON holds values, so it is written to a
 * private temporary folder for conftest and deleted right after.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conftest } from "../../testbed/checkers/go-checkers.js";
import { runProcess } from "../../testbed/process/run-process.js";

export interface PlanPolicyOptions {
  /** Folder of the Rego policies. */
  readonly policyDir: string;
  /** The pull request's labels. */
  readonly approvals: readonly string[];
  /** conftest executable; @default - the one the bootstrap built */
  readonly bin?: string;
}

/** One refusal: the policy's package and its message. */
export interface PlanPolicyFinding {
  readonly policy: string;
  readonly message: string;
}

export interface PlanPolicyResult {
  /** Rules that held. */
  readonly passed: number;
  readonly failed: readonly PlanPolicyFinding[];
}

interface ConftestResult {
  namespace: string;
  successes?: number;
  failures?: { msg: string }[];
}

/** Runs every policy of `policyDir` against the plan JSON text. */
export async function runPlanPolicies(
  planJson: string,
  options: PlanPolicyOptions,
): Promise<PlanPolicyResult> {
  const bin = options.bin ?? (await conftest.ensure({ build: false }));
  const dir = mkdtempSync(join(tmpdir(), "plan-policy-"));
  try {
    const planFile = join(dir, "plan.json");
    const dataFile = join(dir, "approvals.json");
    writeFileSync(planFile, planJson, { mode: 0o600 });
    writeFileSync(dataFile, JSON.stringify({ approvals: { labels: options.approvals } }));
    const args = [
      "test",
      "--all-namespaces",
      "--no-color",
      "--output=json",
      `--policy=${options.policyDir}`,
      `--data=${dataFile}`,
      planFile,
    ];
    const r = await runProcess(bin, args);
    // Exit code 1 only means "some policy refused"; anything else is conftest failing.
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`conftest exited with ${r.code}: ${(r.stderr || r.stdout).slice(-2000)}`);
    const results = JSON.parse(r.stdout) as ConftestResult[];
    return {
      passed: results.reduce((n, result) => n + (result.successes ?? 0), 0),
      failed: results.flatMap((result) =>
        (result.failures ?? []).map((f) => ({ policy: result.namespace, message: f.msg })),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
