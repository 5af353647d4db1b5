/**
 * The plan preview from real saved plans against a real Kubernetes control plane, fresh for
 * this file: the `local` environment on an empty cluster (the app stack waits for the platform
 * stack), after applying the platform stack's saved plan (no changes there; the app creates
 * everything) and with a one-line environment change; then a small probe environment of two
 * stacks for an update, a replacement, a destroy, a failed plan (through the CLI, exit code)
 * and a plan too large for one comment; a saved plan of another Terraform release refused; state
 * in the cluster (the kubernetes backend) seen by a second runner. Assertions are on the
 * rendered Markdown.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinProviders } from "../../constructs/policy/provider-versions.js";
import { LOCAL_DAPR_CHART_PATH } from "../../environments/index.js";
import { KubernetesBackend } from "../../stacks/environment/kubernetes-backend.js";
import { cdktf, repositoryRoot, type CdktfRunner } from "../../testbed/cluster/cdktf-cli.js";
import { deployEnvironment } from "../../testbed/cluster/deploy-env.js";
import { installCrds, operatorCrdFolders } from "../../testbed/cluster/operator-crds.js";
import { ensureDaprChart } from "../../testbed/dapr/dapr-chart.js";
import { runStep } from "../../testbed/bootstrap/build-step.js";
import { runProcess } from "../../testbed/process/run-process.js";
import { startCluster, type RunningCluster } from "../../testbed/kubernetes/kubernetes-cluster.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { ensureTerraform } from "../../testbed/terraform/terraform.js";
import {
  GITHUB_COMMENT_LIMIT,
  planOutcome,
  previewFailed,
  renderComment,
  type EnvironmentPreview,
} from "../../tools/plan-preview/plan-comment.js";
import { applySavedPlans } from "../../tools/plan-preview/apply-plans.js";
import {
  PLAN_FILE,
  PLAN_VERSION_FILE,
  planEnvironment,
} from "../../tools/plan-preview/plan-environment.js";

let supervisor: Supervisor;
let cluster: RunningCluster;
let cli: CdktfRunner;
let env: Record<string, string>;
let probeDir: string;

const RUN = {
  commit: "3f2c1e0d9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
  runUrl: "https://github.com/example/todo/actions/runs/42",
};
/** Set to a folder to keep the rendered comments (for the docs). */
const samples = process.env.PLAN_PREVIEW_SAMPLES;

beforeAll(async () => {
  supervisor = new Supervisor();
  cluster = await startCluster(supervisor);
  await ensureDaprChart(LOCAL_DAPR_CHART_PATH);
  env = await deployEnvironment(cluster);
  expect(await installCrds(cluster, await operatorCrdFolders())).toBe(15);
  cli = cdktf(mkdtempSync(join(tmpdir(), "todo-preview-")), env);
  probeDir = mkdtempSync(join(tmpdir(), "todo-preview-probe-"));
  await cli.ok(["synth"]);
}, 600_000);

afterAll(async () => {
  await supervisor?.stopAll();
  if (cli) rmSync(cli.outDir, { recursive: true, force: true });
  if (probeDir) rmSync(probeDir, { recursive: true, force: true });
});

/** Plans and renders; checkov and the plan policies (with these PR labels) when asked. */
async function preview(
  outDir: string,
  environment: string,
  policies: { checkov?: boolean; approvals?: string[] } = {},
): Promise<{ preview: EnvironmentPreview; markdown: string }> {
  const terraform = await ensureTerraform({ build: false });
  const stacks = await planEnvironment({
    outDir,
    environment,
    terraform: { bin: terraform.bin, env },
    checkov: policies.checkov
      ? { baselineFile: join(repositoryRoot, "checkov/baseline.json") }
      : false,
    planPolicy: policies.approvals
      ? { policyDir: join(repositoryRoot, "policy/plan"), approvals: policies.approvals }
      : false,
  });
  const result = { environment, stacks, ...RUN, artifact: `plan-${environment}` };
  const markdown = renderComment(result);
  return { preview: result, markdown };
}

function keep(name: string, markdown: string): void {
  if (!samples) return;
  mkdirSync(samples, { recursive: true });
  writeFileSync(join(samples, `${name}.md`), markdown);
}

/** Applies a stack's saved plan, as the deploy workflow does. */
async function applySavedPlan(dir: string): Promise<void> {
  const terraform = await ensureTerraform({ build: false });
  await runStep("apply", terraform.bin, ["apply", "-input=false", PLAN_FILE], { cwd: dir, env });
}

/** The addresses of every resource a synthesized stack declares. */
function declared(stack: string): string[] {
  return Object.entries(cli.stackJson(stack).resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
}

/** The table row of a stack, split into its cells. */
function row(markdown: string, stack: string): string[] {
  const line = markdown.split("\n").find((l) => l.startsWith("| ") && l.includes(`\`${stack}\``));
  expect(line, `no table row for ${stack} in:\n${markdown}`).toBeDefined();
  return line!
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());
}

describe("plan preview of the local environment", () => {
  it("on a fresh cluster: the platform stack creates everything, the app stack waits for it", async () => {
    const { preview: result, markdown } = await preview(cli.outDir, "local", {
      checkov: true,
      approvals: [],
    });
    keep("local-fresh", markdown);
    expect(result.stacks.map((s) => s.name)).toEqual(["todo-local-platform", "todo-local-app"]);
    expect(markdown.split("\n")[0]).toBe("<!-- plan-preview:local -->");
    expect(markdown).toContain(`Commit \`${RUN.commit}\` · [workflow run](${RUN.runUrl})`);
    const platform = declared("todo-local-platform");
    expect(row(markdown, "todo-local-platform")).toEqual([
      "`todo-local-platform`",
      String(platform.length),
      "0",
      "0",
      "0",
      expect.stringMatching(/^✅ \d+ passed/),
      // The environment's own plan passes the repository's plan policies.
      expect.stringMatching(/^✅ \d+ passed/),
    ]);
    expect(row(markdown, "todo-local-app")[6]).toBe("not run");
    expect(markdown).toContain(`**Create (${platform.length})**`);
    for (const address of platform) expect(markdown).toContain(`- \`${address}\``);
    // The app stack's Dapr resources need the CRDs the platform stack's Dapr chart installs.
    expect(row(markdown, "todo-local-app")[1]).toBe(
      "⏸ waits for `todo-local-platform` to be applied",
    );
    expect(markdown).toMatch(/no matches for kind|could not find the requested resource/i);
    // The baseline's accepted finding is listed with its reason.
    expect(markdown).toContain("**Skipped policy checks");
    expect(markdown).toContain("`CKV_K8S_43`");
    expect(markdown).toContain("Skipped because: Images are pinned");
    expect(markdown).not.toContain("[!CAUTION]");
    expect(previewFailed(result)).toBe(false);
  }, 900_000);

  it("refuses a saved plan made by another Terraform release, naming both, before applying anything", async () => {
    const terraform = await ensureTerraform({ build: false });
    const versionFile = join(cli.stackDir("todo-local-platform"), PLAN_VERSION_FILE);
    expect(readFileSync(versionFile, "utf8").trim()).toBe(terraform.version);
    writeFileSync(versionFile, "1.10.5\n");
    try {
      await expect(
        applySavedPlans({
          outDir: cli.outDir,
          environment: "local",
          terraform: { bin: terraform.bin, env },
        }),
      ).rejects.toThrow(
        `todo-local-platform: its saved plan was made by Terraform 1.10.5, and this is Terraform ${terraform.version}`,
      );
      // Nothing applied: no state was written.
      expect(
        readdirSync(cli.stackDir("todo-local-platform")).filter((f) => f.endsWith(".tfstate")),
      ).toEqual([]);
    } finally {
      writeFileSync(versionFile, `${terraform.version}\n`);
    }
  });

  it("after applying the platform's saved plan: no changes there, the app stack creates everything", async () => {
    // The deploy applies the reviewed plans and stops at the app stack, which has none.
    const terraform = await ensureTerraform({ build: false });
    expect(
      await applySavedPlans({
        outDir: cli.outDir,
        environment: "local",
        terraform: { bin: terraform.bin, env },
      }),
    ).toEqual({ applied: ["todo-local-platform"], unplanned: ["todo-local-app"] });
    const { preview: result, markdown } = await preview(cli.outDir, "local");
    expect(row(markdown, "todo-local-platform").slice(1, 5)).toEqual(["0", "0", "0", "0"]);
    expect(markdown).toContain("<b>todo-local-platform</b>: no changes");
    expect(markdown).toContain(
      `<b>todo-local-app</b>: ${declared("todo-local-app").length} to create`,
    );
    const app = declared("todo-local-app");
    expect(row(markdown, "todo-local-app").slice(1, 5)).toEqual([
      String(app.length),
      "0",
      "0",
      "0",
    ]);
    for (const address of app) expect(markdown).toContain(`- \`${address}\``);
    expect(previewFailed(result)).toBe(false);
  }, 900_000);

  it("shows a one-line environment change as one in-place update", async () => {
    // environments/local.ts with `logLevel: "debug"` in its dapr block.
    await cli.ok(["synth", "--app", "npx tsx test/deploy/variant-app.ts"], {
      TODO_LOCAL_CHANGE: JSON.stringify({ dapr: { logLevel: "debug" } }),
    });
    const { markdown } = await preview(cli.outDir, "local");
    keep("local-one-line-change", markdown);
    expect(row(markdown, "todo-local-platform").slice(1, 5)).toEqual(["0", "1", "0", "0"]);
    expect(markdown).toContain("**Update in place (1)**\n\n- `helm_release.Dapr_4FB81286`");
    expect(markdown).not.toContain("[!CAUTION]");
  }, 900_000);
});

interface ProbeConfig {
  /** ConfigMap construct id → its name and data. */
  readonly configMaps: Record<string, { name: string; data: Record<string, string> }>;
  readonly password: string;
  /** How many ConfigMaps the bulk stack has. */
  readonly bulk?: number;
  /** ConfigMap construct id → the address whose state it takes over (`moveFromId`). */
  readonly moves?: Record<string, string>;
  /** ConfigMap construct id → the `namespace/name` it adopts from the cluster (`importFrom`). */
  readonly imports?: Record<string, string>;
  /** A PersistentVolumeClaim (`Claim`). */
  readonly claim?: boolean;
  /** What the plan policies refuse: a public LoadBalancer Service and a `latest` image. */
  readonly offenders?: boolean;
}

/**
 * Synthesizes the probe environment: `todo-probe-config` (ConfigMaps and a Secret) and
 * `todo-probe-bulk`, which depends on it (so alphabetical order would be wrong).
 */
function synthProbe(config: ProbeConfig): void {
  const app = new App({ outdir: probeDir, stackTraces: false });
  const stack = (name: string) => {
    const s = new TerraformStack(app, name);
    pinProviders(s);
    new KubernetesProvider(s, "kubernetes", {});
    new LocalBackend(s, { path: join(probeDir, `${name}.tfstate`) });
    return s;
  };
  const main = stack("todo-probe-config");
  for (const [id, cm] of Object.entries(config.configMaps)) {
    const map = new ConfigMapV1(main, id, {
      metadata: { name: cm.name, namespace: "default" },
      data: cm.data,
    });
    if (config.moves?.[id]) map.moveFromId(config.moves[id]);
    if (config.imports?.[id]) map.importFrom(config.imports[id]);
  }
  if (config.claim)
    new PersistentVolumeClaimV1(main, "Claim", {
      metadata: { name: "probe-claim", namespace: "default" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      waitUntilBound: false,
    });
  if (config.offenders) {
    new ServiceV1(main, "Public", {
      metadata: { name: "probe-public", namespace: "default" },
      spec: { type: "LoadBalancer", port: [{ port: 80 }], selector: { app: "probe" } },
    });
    new DeploymentV1(main, "Floating", {
      metadata: { name: "probe-floating", namespace: "default" },
      spec: {
        selector: { matchLabels: { app: "probe" } },
        template: {
          metadata: { labels: { app: "probe" } },
          spec: { container: [{ name: "app", image: "busybox:latest" }] },
        },
      },
    });
  }
  new SecretV1(main, "Credentials", {
    metadata: { name: "probe-credentials", namespace: "default" },
    data: { password: config.password },
  });
  const bulk = stack("todo-probe-bulk");
  bulk.addDependency(main);
  for (let i = 0; i < (config.bulk ?? 0); i++)
    new ConfigMapV1(bulk, `padding-${String(i).padStart(4, "0")}-${"x".repeat(60)}`, {
      metadata: { name: `padding-${i}`, namespace: "default" },
      data: { index: String(i) },
    });
  app.synth();
}

const PASSWORD = "s3cr3t-probe-password-5b1f0c";
const base: ProbeConfig = {
  configMaps: {
    Settings: { name: "probe-settings", data: { level: "info" } },
    Renamed: { name: "probe-before", data: { a: "1" } },
    Removed: { name: "probe-removed", data: { b: "2" } },
  },
  password: PASSWORD,
};
const without = (id: string) =>
  Object.fromEntries(Object.entries(base.configMaps).filter(([k]) => k !== id));

describe("plan preview of each kind of change", () => {
  it("creates, in dependency order, without showing the secret's value; the saved plan applies", async () => {
    synthProbe(base);
    const { preview: result, markdown } = await preview(probeDir, "probe");
    expect(result.stacks.map((s) => s.name)).toEqual(["todo-probe-config", "todo-probe-bulk"]);
    expect(row(markdown, "todo-probe-config").slice(1, 5)).toEqual(["4", "0", "0", "0"]);
    // The saved plan holds the value (so the test could see a leak); the comment does not.
    const terraform = await ensureTerraform({ build: false });
    const show = await runStep("show", terraform.bin, ["show", "-json", PLAN_FILE], {
      cwd: join(probeDir, "stacks", "todo-probe-config"),
      env,
    });
    expect(show).toContain(PASSWORD);
    expect(markdown).not.toContain(PASSWORD);
    expect(markdown).toContain("- `kubernetes_secret_v1.Credentials`");
    await applySavedPlan(join(probeDir, "stacks", "todo-probe-config"));
    expect(await cluster.kubectl(["get", "configmap", "probe-settings", "-o", "name"])).toContain(
      "configmap/probe-settings",
    );
  }, 300_000);

  it("reports no changes once applied", async () => {
    const { markdown } = await preview(probeDir, "probe");
    expect(row(markdown, "todo-probe-config").slice(1, 5)).toEqual(["0", "0", "0", "0"]);
    expect(markdown).toContain("<b>todo-probe-config</b>: no changes");
  }, 300_000);

  it("shows an in-place update without its values", async () => {
    synthProbe({
      ...base,
      configMaps: {
        ...base.configMaps,
        Settings: { name: "probe-settings", data: { level: "debug-level" } },
      },
    });
    const { markdown } = await preview(probeDir, "probe");
    expect(row(markdown, "todo-probe-config").slice(1, 5)).toEqual(["0", "1", "0", "0"]);
    // The changed attribute's path, never its value.
    expect(markdown).toContain(
      "**Update in place (1)**\n\n- `kubernetes_config_map_v1.Settings`: `data.level`\n",
    );
    expect(markdown).not.toContain("debug-level");
    expect(markdown).not.toContain("[!CAUTION]");
  }, 300_000);

  it("flags a replacement at the top with the attribute that forces it", async () => {
    synthProbe({
      ...base,
      configMaps: { ...base.configMaps, Renamed: { name: "probe-after", data: { a: "1" } } },
    });
    const { markdown } = await preview(probeDir, "probe");
    expect(row(markdown, "todo-probe-config")).toEqual([
      "⚠️ `todo-probe-config`",
      "0",
      "0",
      "1",
      "0",
      "not run",
      "not run",
    ]);
    const caution = markdown.indexOf("[!CAUTION]");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(markdown.indexOf("| Stack |"));
    expect(markdown).toContain(
      "> - `todo-probe-config`: replaces `kubernetes_config_map_v1.Renamed` (forced by `metadata.0.name`)",
    );
  }, 300_000);

  it("flags a destroy at the top", async () => {
    synthProbe({ ...base, configMaps: without("Removed") });
    const { markdown } = await preview(probeDir, "probe");
    expect(row(markdown, "todo-probe-config").slice(0, 5)).toEqual([
      "⚠️ `todo-probe-config`",
      "0",
      "0",
      "0",
      "1",
    ]);
    expect(markdown).toContain(
      "> - `todo-probe-config`: destroys `kubernetes_config_map_v1.Removed`",
    );
    expect(markdown).toContain("**Destroy (1)**\n\n- `kubernetes_config_map_v1.Removed`");
  }, 300_000);

  it("flags a renamed construct id as a likely rename, and its moved block as a move", async () => {
    const relabelled = { ...without("Renamed"), Relabelled: base.configMaps.Renamed! };
    synthProbe({ ...base, configMaps: relabelled });
    const renamed = await preview(probeDir, "probe");
    expect(row(renamed.markdown, "todo-probe-config").slice(1, 5)).toEqual(["1", "0", "0", "1"]);
    expect(renamed.markdown).toContain(
      "> **Likely renames (destroy + create of the same resource):**",
    );
    expect(renamed.markdown).toContain(
      '> - `todo-probe-config`: `kubernetes_config_map_v1.Relabelled` has every known attribute of the destroyed `kubernetes_config_map_v1.Renamed`: most likely a renamed construct id. To keep the resource, move its state: `Relabelled.moveFromId("kubernetes_config_map_v1.Renamed")`',
    );
    expect(planOutcome(renamed.preview)).toBe("destroy");

    // The fix the comment names: a moved block, and nothing is destroyed.
    synthProbe({
      ...base,
      configMaps: relabelled,
      moves: { Relabelled: "kubernetes_config_map_v1.Renamed" },
    });
    const moved = await preview(probeDir, "probe");
    expect(row(moved.markdown, "todo-probe-config").slice(1, 5)).toEqual(["0", "0", "0", "0"]);
    expect(moved.markdown).toContain("<b>todo-probe-config</b>: 1 moved");
    expect(moved.markdown).toContain(
      "**Moved or imported only (1)**\n\n- `kubernetes_config_map_v1.Relabelled`: moved from `kubernetes_config_map_v1.Renamed`",
    );
    expect(moved.markdown).not.toContain("[!CAUTION]");
    expect(planOutcome(moved.preview)).toBe("add-or-update");
  }, 300_000);

  it("counts an import block as an import, and the adopted object plans no changes after", async () => {
    await cluster.kubectl([
      "create",
      "configmap",
      "probe-adopted",
      "--namespace",
      "default",
      "--from-literal=c=3",
    ]);
    const adopted = {
      ...base.configMaps,
      Adopted: { name: "probe-adopted", data: { c: "3" } },
    };
    synthProbe({ ...base, configMaps: adopted, imports: { Adopted: "default/probe-adopted" } });
    const importing = await preview(probeDir, "probe");
    expect(importing.markdown).toContain("<b>todo-probe-config</b>: 1 imported");
    expect(importing.markdown).toContain(
      "**Moved or imported only (1)**\n\n- `kubernetes_config_map_v1.Adopted`: imported",
    );
    expect(planOutcome(importing.preview)).toBe("add-or-update");
    await applySavedPlan(join(probeDir, "stacks", "todo-probe-config"));

    // Once imported, the import block can go: the state owns the object.
    synthProbe({ ...base, configMaps: adopted });
    const after = await preview(probeDir, "probe");
    expect(after.markdown).toContain("<b>todo-probe-config</b>: no changes");

    synthProbe(base);
    await preview(probeDir, "probe");
    await applySavedPlan(join(probeDir, "stacks", "todo-probe-config"));
  }, 300_000);

  it("refuses, by plan policy, a public LoadBalancer, a latest image and a volume's deletion until approved", async () => {
    // A volume claim in the state, then a change that deletes it and adds two bad resources.
    synthProbe({ ...base, claim: true });
    await preview(probeDir, "probe");
    await applySavedPlan(join(probeDir, "stacks", "todo-probe-config"));
    synthProbe({ ...base, offenders: true });
    const refused = await preview(probeDir, "probe", { approvals: ["dev/destroy"] });
    expect(row(refused.markdown, "todo-probe-config")[6]).toBe("❌ 3 refused");
    expect(refused.markdown).toContain("**Refused by plan policy (3)**");
    for (const line of [
      '- `plan.data_deletion`: kubernetes_persistent_volume_claim_v1.Claim: the plan deletes its data; add the "approve-data-deletion" label to the pull request once that is intended',
      '- `plan.latest_image`: kubernetes_deployment_v1.Floating: container "app" runs "busybox:latest"; pin a version tag or a digest, never latest',
      "- `plan.public_load_balancer`: kubernetes_service_v1.Public: a LoadBalancer Service without an internal annotation is public; expose it through the front door, or annotate it internal",
    ])
      expect(refused.markdown).toContain(line);
    expect(previewFailed(refused.preview)).toBe(true);

    // The approval label lets the deletion through, and only the deletion.
    synthProbe(base);
    const approved = await preview(probeDir, "probe", { approvals: ["approve-data-deletion"] });
    expect(row(approved.markdown, "todo-probe-config")[6]).toMatch(/^✅ \d+ passed$/);
    expect(previewFailed(approved.preview)).toBe(false);
    await applySavedPlan(join(probeDir, "stacks", "todo-probe-config"));
  }, 300_000);

  it("shows a reviewer an attribute update, a rename and a policy refusal in one comment", async () => {
    synthProbe({
      ...base,
      configMaps: {
        ...without("Renamed"),
        Settings: { name: "probe-settings", data: { level: "warn" } },
        Relabelled: base.configMaps.Renamed!,
      },
      offenders: true,
    });
    const { preview: result, markdown } = await preview(probeDir, "probe", { approvals: [] });
    keep("probe-review", markdown);
    expect(markdown).toContain("- `kubernetes_config_map_v1.Settings`: `data.level`");
    expect(markdown).toContain('`Relabelled.moveFromId("kubernetes_config_map_v1.Renamed")`');
    expect(row(markdown, "todo-probe-config")[6]).toBe("❌ 2 refused");
    expect(previewFailed(result)).toBe(true);
    expect(planOutcome(result)).toBe("destroy");
  }, 300_000);

  it("fails the CLI on a real plan failure and shows Terraform's error", async () => {
    synthProbe({
      ...base,
      configMaps: { ...base.configMaps, Settings: { name: "Not_A_Valid_Name", data: {} } },
    });
    const cliRun = await runProcess(
      join(repositoryRoot, "node_modules", ".bin", "tsx"),
      ["tools/plan-preview/plan-preview.ts", "probe", "--out", probeDir, "--no-checkov"],
      { cwd: repositoryRoot, env: { ...env, GITHUB_SHA: RUN.commit } },
    );
    expect(cliRun.code, cliRun.stderr).toBe(1);
    const markdown = cliRun.stdout;
    expect(row(markdown, "todo-probe-config")[1]).toBe("❌ plan failed");
    expect(markdown).toContain("<details open><summary><b>todo-probe-config</b>: plan failed");
    expect(markdown).toContain("**`terraform plan` failed:**");
    expect(markdown).toMatch(/Not_A_Valid_Name/);
    expect(markdown).toMatch(/RFC 1123|lowercase/i);
    // The other stack still plans: one failure does not hide the rest.
    expect(row(markdown, "todo-probe-bulk").slice(1, 5)).toEqual(["0", "0", "0", "0"]);
  }, 300_000);

  it("cuts whole sections from a plan too large for one comment, with a notice", async () => {
    synthProbe({ ...base, bulk: 700 });
    const { preview: result, markdown } = await preview(probeDir, "probe");
    const bulk = result.stacks.find((s) => s.name === "todo-probe-bulk")!;
    expect(bulk.outcome).toMatchObject({ kind: "planned" });
    expect(row(markdown, "todo-probe-bulk").slice(1, 5)).toEqual(["700", "0", "0", "0"]);
    // Uncut, the comment would not fit.
    expect(renderComment(result, { budget: Number.MAX_SAFE_INTEGER }).length).toBeGreaterThan(
      GITHUB_COMMENT_LIMIT,
    );
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain(
      "> The details of `todo-probe-bulk` are left out to stay within GitHub's 65,536-character comment limit. The full plans are in the `plan-probe` artifact of the [workflow run](https://github.com/example/todo/actions/runs/42).",
    );
    expect(markdown).not.toContain("<b>todo-probe-bulk</b>");
    expect(markdown).toContain("<b>todo-probe-config</b>: no changes");
    // Sections are cut whole: every <details> that opens, closes.
    expect(markdown.match(/<details/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  }, 600_000);
});

describe("state in the cluster (the kubernetes backend dev uses in CI)", () => {
  /** One stack with its state in a Secret of the test cluster, synthesized into `outDir`. */
  function synthClusterState(outDir: string): void {
    const app = new App({ outdir: outDir, stackTraces: false });
    const stack = new TerraformStack(app, "todo-state-probe");
    pinProviders(stack);
    new KubernetesProvider(stack, "kubernetes", {});
    new KubernetesBackend(stack, {
      secretSuffix: "todo-state-probe",
      namespace: "default",
      configPath: cluster.kubeconfig,
    });
    new ConfigMapV1(stack, "Kept", {
      metadata: { name: "state-probe", namespace: "default" },
      data: { kept: "across runners" },
    });
    app.synth();
  }

  it("survives the runner: a fresh checkout plans no changes after another applied", async () => {
    const [first, second] = [0, 1].map(() => mkdtempSync(join(tmpdir(), "todo-state-runner-")));
    try {
      synthClusterState(first!);
      const before = await preview(first!, "state");
      expect(row(before.markdown, "todo-state-probe").slice(1, 5)).toEqual(["1", "0", "0", "0"]);
      await applySavedPlan(join(first!, "stacks", "todo-state-probe"));
      expect(
        await cluster.kubectl(["get", "secret", "tfstate-default-todo-state-probe", "-o", "name"]),
      ).toContain("secret/tfstate-default-todo-state-probe");

      // Another runner: a clean synthesis, no local file of the first run.
      synthClusterState(second!);
      const after = await preview(second!, "state");
      expect(row(after.markdown, "todo-state-probe").slice(1, 5)).toEqual(["0", "0", "0", "0"]);
      expect(after.markdown).toContain("<b>todo-state-probe</b>: no changes");
    } finally {
      for (const dir of [first, second]) rmSync(dir!, { recursive: true, force: true });
    }
  }, 300_000);
});
