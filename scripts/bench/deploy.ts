/**
 * Benchmark: deploying the `local` environment from an empty control plane, and a no-change
 * `cdktf diff` of each of its stacks, against `cdktf deploy` of an empty cdktf app (one empty
 * stack: the CLI's and Terraform's own cost); then the no-change preview of the deployed
 * environment (`npm run plan-preview`'s planning: init, saved plan, `show -json`, the plan
 * policies) and the no-change `cdktf diff` against their floor, a plain `terraform plan` of the
 * same stacks (Terraform's own refresh). All measured in the same run on a fresh local cluster
 * (kwok nodes: no container runs, so this is the API server's and Terraform's time).
 * A script, not a test: `npx tsx scripts/bench/deploy.ts`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_DAPR_CHART_PATH } from "../../environments/index.js";
import { cdktf } from "../../testbed/cluster/cdktf-cli.js";
import { deployEnvironment } from "../../testbed/cluster/deploy-env.js";
import { installCrds, operatorCrdFolders } from "../../testbed/cluster/operator-crds.js";
import { ensureDaprChart } from "../../testbed/dapr/dapr-chart.js";
import { startCluster } from "../../testbed/kubernetes/kubernetes-cluster.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { runStep } from "../../testbed/bootstrap/build-step.js";
import { ensureTerraform } from "../../testbed/terraform/terraform.js";
import { planEnvironment } from "../../tools/plan-preview/plan-environment.js";

const LOCAL_STACKS = ["todo-local-platform", "todo-local-app"];

const supervisor = new Supervisor();
const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
};

try {
  const clusterSeconds = await timed(async () => {
    const cluster = await startCluster(supervisor);
    await installCrds(cluster, await operatorCrdFolders());
    await ensureDaprChart(LOCAL_DAPR_CHART_PATH);
    const env = await deployEnvironment(cluster);
    const outDirs = [
      mkdtempSync(join(tmpdir(), "todo-bench-empty-")),
      mkdtempSync(join(tmpdir(), "todo-bench-local-")),
    ];
    try {
      const empty = cdktf(outDirs[0]!, env);
      const local = cdktf(outDirs[1]!, env);
      const baseline = await timed(() =>
        empty.ok([
          "deploy",
          "empty",
          "--auto-approve",
          "--app",
          "npx tsx scripts/bench/empty-app.ts",
        ]),
      );
      const deploy = await timed(() => local.ok(["deploy", "todo-local-*", "--auto-approve"]));
      const diffs: number[] = [];
      for (const stack of LOCAL_STACKS) diffs.push(await timed(() => local.ok(["diff", stack])));
      const diff = diffs.reduce((a, b) => a + b, 0);
      // The floor: Terraform's own no-change plan of each stack, already initialised.
      const terraform = await ensureTerraform({ build: false });
      const plans: number[] = [];
      for (const stack of LOCAL_STACKS)
        plans.push(
          await timed(() =>
            runStep("bench", terraform.bin, ["plan", "-input=false", "-detailed-exitcode"], {
              cwd: local.stackDir(stack),
              env,
            }),
          ),
        );
      const floor = plans.reduce((a, b) => a + b, 0);
      const preview = await timed(async () => {
        const stacks = await planEnvironment({
          outDir: local.outDir,
          environment: "local",
          terraform: { bin: terraform.bin, env },
          checkov: false,
          planPolicy: { policyDir: "policy/plan", approvals: [] },
        });
        const changed = stacks.filter(
          (s) => s.outcome.kind !== "planned" || s.outcome.changes.length > 0,
        );
        if (changed.length) throw new Error(`expected no changes, got ${JSON.stringify(changed)}`);
      });
      process.stdout.write(
        [
          `baseline: cdktf deploy of an empty stack     ${baseline.toFixed(1)} s`,
          `deploy of local from an empty cluster        ${deploy.toFixed(1)} s  (${(deploy / baseline).toFixed(1)}x baseline)`,
          `no-change diff of local's ${diffs.length} stacks           ${diff.toFixed(1)} s  (${(diff / baseline).toFixed(1)}x baseline; ${diffs.map((d) => d.toFixed(1)).join(" + ")} s)`,
          "",
          `floor: terraform plan of local's ${plans.length} stacks    ${floor.toFixed(1)} s  (${plans.map((d) => d.toFixed(1)).join(" + ")} s)`,
          `no-change plan preview (plans + policies)   ${preview.toFixed(1)} s  (${(preview / floor).toFixed(2)}x floor)`,
          `no-change cdktf diff                        ${diff.toFixed(1)} s  (${(diff / floor).toFixed(2)}x floor)`,
          "",
        ].join("\n"),
      );
    } finally {
      for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
    }
  });
  process.stdout.write(`(whole run including cluster start: ${clusterSeconds.toFixed(1)} s)\n`);
} finally {
  await supervisor.stopAll();
}
