/**
 * `cdktf deploy` / diff / destroy of whole environments against a real Kubernetes control plane
 * (etcd, kube-apiserver with RBAC and the default admission plugins, controller-manager,
 * scheduler; kwok nodes), fresh for this file. Under kwok pods are admitted, scheduled and marked
 * Running, but no container runs: this proves what the API server accepts, not what runs.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { local, LOCAL_DAPR_CHART_PATH } from "../../environments/index.js";
import { deployEnvironment } from "../../testbed/cluster/deploy-env.js";
import { installCrds, operatorCrdFolders } from "../../testbed/cluster/operator-crds.js";
import { ensureDaprChart } from "../../testbed/dapr/dapr-chart.js";
import { startCluster, type RunningCluster } from "../../testbed/kubernetes/kubernetes-cluster.js";
import { runStep } from "../../testbed/bootstrap/build-step.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { ensureTerraform, type TerraformToolchain } from "../../testbed/terraform/terraform.js";
import { cdktf, type CdktfRunner, type StackJson } from "../../testbed/cluster/cdktf-cli.js";
import { getObjects, podAdmissionFailures, type KubeObject } from "./cluster-objects.js";

const NAMESPACE = "todo";
const LOCAL_STACKS = ["todo-local-platform", "todo-local-app"];

let supervisor: Supervisor;
let cluster: RunningCluster;
let cli: CdktfRunner;
let terraform: TerraformToolchain;
let deployEnv: Record<string, string>;
/** Every object in the cluster before the first deploy (after the operators' CRDs). */
let before: Set<string>;

beforeAll(async () => {
  supervisor = new Supervisor();
  terraform = await ensureTerraform({ build: false });
  cluster = await startCluster(supervisor);
  await ensureDaprChart(LOCAL_DAPR_CHART_PATH);
  deployEnv = await deployEnvironment(cluster);
  cli = cdktf(mkdtempSync(join(tmpdir(), "todo-deploy-")), deployEnv);
}, 300_000);

afterAll(async () => {
  await supervisor?.stopAll();
  if (cli) rmSync(cli.outDir, { recursive: true, force: true });
});

/** `kind.group/name` of every listable object, to compare the cluster before and after. */
async function snapshot(): Promise<Set<string>> {
  const resources = (await cluster.kubectl(["api-resources", "--verbs=list", "-o", "name"]))
    .split("\n")
    .filter((r) => r && r !== "events" && r !== "events.events.k8s.io");
  const out = await cluster.kubectl([
    "get",
    resources.join(","),
    "--all-namespaces",
    "--ignore-not-found",
    "-o",
    "jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{'\\n'}{end}",
  ]);
  return new Set(out.split("\n").filter(Boolean));
}

function resources(json: StackJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(json.resource?.[type] ?? {});
}

const metadataName = (r: Record<string, unknown>) =>
  (r.metadata as { name: string }[] | { name: string }) instanceof Array
    ? (r.metadata as { name: string }[])[0]!.name
    : (r.metadata as { name: string }).name;

/** A resource body without the attributes its `lifecycle.ignore_changes` tells Terraform to ignore. */
function withoutIgnored(body: Record<string, unknown> | undefined): unknown {
  if (!body) return body;
  const copy = structuredClone(body);
  const ignored =
    (body.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes ?? [];
  for (const path of ignored) {
    // "spec[0].replicas": cdktf writes single blocks as objects, so an index may not exist.
    const keys = path.replace(/\[\d+\]/g, "").split(".");
    let node: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) {
      let next = node?.[key];
      if (Array.isArray(next)) next = next[0];
      node = next as Record<string, unknown> | undefined;
    }
    if (node) delete node[keys.at(-1)!];
  }
  return copy;
}

async function plannedChanges(stack: string): Promise<{ address: string; actions: string[] }[]> {
  const dir = cli.stackDir(stack);
  const env = { ...terraform.env, KUBE_CONFIG_PATH: cluster.kubeconfig };
  await runStep("plan", terraform.bin, ["init", "-input=false"], { cwd: dir, env });
  await runStep("plan", terraform.bin, ["plan", "-input=false", "-out=change.tfplan"], {
    cwd: dir,
    env,
  });
  const show = await runStep("plan", terraform.bin, ["show", "-json", "change.tfplan"], {
    cwd: dir,
    env,
  });
  const plan = JSON.parse(show.slice(show.indexOf("{"))) as {
    resource_changes?: { address: string; change: { actions: string[] } }[];
  };
  return (plan.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === "no-op"))
    .filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === "read"))
    .map((c) => ({ address: c.address, actions: c.change.actions }));
}

describe("cdktf deploy of the local environment on a real control plane", () => {
  it("planning the app stack without the preinstalled operators names each missing CRD and its operator", async () => {
    const result = await cli.run(["diff", "todo-local-app"]);
    expect(result.code, result.output).not.toBe(0);
    // Terraform wraps long messages to the terminal width.
    const output = result.output.replace(/\s+/g, " ");
    for (const crd of ["kafkas.kafka.strimzi.io", "clusters.postgresql.cnpg.io"])
      expect(output).toContain(`CustomResourceDefinition ${crd} is missing`);
    expect(output).toContain("the Strimzi operator (Helm chart strimzi-kafka-operator 1.2.0)");
    expect(output).toContain("the CloudNativePG operator (Helm chart cloudnative-pg 0.29.0)");
  });

  it("deploys every stack from an empty cluster in one run", async () => {
    // The platform team's part: the operators' upstream CRDs (reference data, unchanged).
    expect(await installCrds(cluster, await operatorCrdFolders())).toBe(15);
    before = await snapshot();
    const output = await cli.ok(["deploy", "todo-local-*", "--auto-approve"]);
    expect(output).toMatch(/todo-local-app\s+Apply complete!/);
  }, 900_000);

  it("enforces the restricted Pod Security Standard in the app namespace", async () => {
    const ns = JSON.parse(
      await cluster.kubectl(["get", "namespace", NAMESPACE, "-o", "json"]),
    ) as KubeObject;
    expect(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("has every declared Deployment Available and every pod the stacks cause admitted", async () => {
    const app = cli.stackJson("todo-local-app");
    const declared = resources(app, "kubernetes_deployment_v1").map(([, r]) => metadataName(r));
    const deployments = await getObjects(cluster, "deployments", NAMESPACE);
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...declared].sort());
    for (const deployment of deployments) {
      const conditions = (deployment.status?.conditions ?? []) as {
        type: string;
        status: string;
      }[];
      expect(conditions, deployment.metadata.name).toContainEqual(
        expect.objectContaining({ type: "Available", status: "True" }),
      );
    }
    expect(await podAdmissionFailures(cluster, NAMESPACE)).toEqual([]);
    const pods = await getObjects(cluster, "pods", NAMESPACE);
    expect(pods.length).toBeGreaterThanOrEqual(declared.length);
    for (const pod of pods)
      expect(["Running", "Succeeded"], pod.metadata.name).toContain(pod.status?.phase);
  });

  it("refuses a pod that violates restricted, and the admission check reports it", async () => {
    const violating = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "violates-restricted", namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "violates-restricted" } },
        template: {
          metadata: { labels: { app: "violates-restricted" } },
          spec: {
            containers: [
              {
                name: "root",
                image: "docker.io/library/busybox:1.37.0",
                securityContext: { runAsUser: 0 },
              },
            ],
          },
        },
      },
    };
    await cluster.kubectl(["apply", "-f", "-"], JSON.stringify(violating));
    try {
      const deadline = Date.now() + 60_000;
      let failures: string[] = [];
      while (Date.now() < deadline) {
        failures = await podAdmissionFailures(cluster, NAMESPACE);
        if (failures.some((f) => f.includes("violates PodSecurity"))) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(failures.join("\n")).toContain('violates PodSecurity "restricted:latest"');
    } finally {
      await cluster.kubectl([
        "delete",
        "deployment",
        "violates-restricted",
        "-n",
        NAMESPACE,
        "--wait=true",
      ]);
    }
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      (await podAdmissionFailures(cluster, NAMESPACE)).some((f) =>
        f.includes("ReplicaSet/violates-restricted"),
      )
    )
      await new Promise((r) => setTimeout(r, 500));
  }, 900_000);

  it("has each custom resource accepted by its real CRD", async () => {
    const manifests = resources(cli.stackJson("todo-local-app"), "kubernetes_manifest").map(
      ([, r]) => r.manifest as KubeObject,
    );
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const kind of [
      "Kafka",
      "KafkaNodePool",
      "KafkaTopic",
      "Cluster",
      "Component",
      "Resiliency",
      "Configuration",
    ])
      expect(kinds).toContain(kind);
    for (const manifest of manifests) {
      const group = manifest.apiVersion.split("/")[0]!;
      const out = await cluster.kubectl([
        "get",
        `${manifest.kind.toLowerCase()}.${group}`,
        manifest.metadata.name,
        "-n",
        manifest.metadata.namespace!,
        "-o",
        "json",
      ]);
      const stored = JSON.parse(out) as KubeObject;
      expect(stored.apiVersion).toBe(manifest.apiVersion);
      expect(stored.spec).toMatchObject(manifest.spec as object);
    }
  });

  it("has the HPAs, PodDisruptionBudgets, NetworkPolicies and Secrets the stack declares", async () => {
    const app = cli.stackJson("todo-local-app");
    const hpas = new Map(
      (await getObjects(cluster, "hpa", NAMESPACE)).map((o) => [o.metadata.name, o]),
    );
    for (const [, r] of resources(app, "kubernetes_horizontal_pod_autoscaler_v2")) {
      const spec = (r.spec as Record<string, unknown>[])[0] ?? r.spec;
      const live = hpas.get(metadataName(r));
      expect(live?.spec).toMatchObject({
        minReplicas: spec.min_replicas,
        maxReplicas: spec.max_replicas,
      });
    }
    const pdbs = new Map(
      (await getObjects(cluster, "pdb", NAMESPACE)).map((o) => [o.metadata.name, o]),
    );
    for (const [, r] of resources(app, "kubernetes_pod_disruption_budget_v1")) {
      const spec = (r.spec as Record<string, unknown>[])[0] ?? r.spec;
      const live = pdbs.get(metadataName(r));
      expect(live, metadataName(r)).toBeDefined();
      if (spec.max_unavailable !== undefined)
        expect(String(live!.spec?.maxUnavailable)).toBe(String(spec.max_unavailable));
      if (spec.min_available !== undefined)
        expect(String(live!.spec?.minAvailable)).toBe(String(spec.min_available));
    }
    const policies = new Map(
      (await getObjects(cluster, "networkpolicy", NAMESPACE)).map((o) => [o.metadata.name, o]),
    );
    for (const [, r] of resources(app, "kubernetes_network_policy_v1")) {
      const spec = (r.spec as Record<string, unknown>[])[0] ?? r.spec;
      const live = policies.get(metadataName(r));
      expect(live?.spec?.policyTypes).toEqual(spec.policy_types);
      expect(((live?.spec?.ingress as unknown[]) ?? []).length).toBe(
        ((spec.ingress as unknown[]) ?? []).length,
      );
    }
    const secrets = new Map(
      (await getObjects(cluster, "secrets", NAMESPACE)).map((o) => [o.metadata.name, o]),
    );
    for (const [, r] of resources(app, "kubernetes_secret_v1")) {
      const live = secrets.get(metadataName(r)) as
        (KubeObject & { data?: Record<string, string> }) | undefined;
      expect(live, metadataName(r)).toBeDefined();
      expect(Object.keys(live!.data ?? {}).sort()).toEqual(
        Object.keys((r.data as Record<string, string>) ?? {}).sort(),
      );
    }
  });

  it("has the front door: one host's Ingresses to the public services only, its self-signed certificate, and public ports open to the controller only", async () => {
    const env = local.frontDoor!;
    const ingresses = await getObjects(cluster, "ingresses", NAMESPACE);
    const routes = Object.fromEntries(
      ingresses.flatMap((ingress) => {
        const spec = ingress.spec as {
          tls: { hosts: string[]; secretName: string }[];
          rules: {
            host: string;
            http: { paths: { path: string; backend: { service: { name: string } } }[] };
          }[];
        };
        expect(spec.tls, ingress.metadata.name).toEqual([
          { hosts: [env.host], secretName: env.tls.secretName },
        ]);
        return spec.rules.flatMap((rule) => {
          expect(rule.host).toBe(env.host);
          return rule.http.paths.map((p) => [p.path, p.backend.service.name]);
        });
      }),
    );
    expect(routes).toEqual({
      "/api/[^/]+/tasks(/|$)": "task-api",
      "/api/[^/]+/audit$": "audit",
      "/api/[^/]+/notifications$": "notification",
      "/ws$": "realtime",
    });
    const secret = JSON.parse(
      await cluster.kubectl(["get", "secret", env.tls.secretName, "-n", NAMESPACE, "-o", "json"]),
    ) as { type: string; data: Record<string, string> };
    expect(secret.type).toBe("kubernetes.io/tls");
    const pem = (key: string) => Buffer.from(secret.data[key]!, "base64").toString();
    const certificate = new X509Certificate(pem("tls.crt"));
    expect(certificate.subjectAltName).toBe(`DNS:${env.host}`);
    expect(certificate.checkPrivateKey(createPrivateKey(pem("tls.key")))).toBe(true);
    expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    // Each public service admits the controller's namespace; no other service does.
    const admitsController = (policy: KubeObject) =>
      ((policy.spec?.ingress ?? []) as { from?: { namespaceSelector?: unknown }[] }[]).some(
        (rule) =>
          (rule.from ?? []).some(
            (peer) =>
              JSON.stringify(peer.namespaceSelector) ===
              JSON.stringify({
                matchLabels: { "kubernetes.io/metadata.name": env.controllerNamespace },
              }),
          ),
      );
    const policies = await getObjects(cluster, "networkpolicy", NAMESPACE);
    const open = policies.filter(admitsController).map((p) => p.metadata.name);
    expect(open.sort()).toEqual(Object.values(routes).sort());
  });

  it("has the Dapr release deployed with its control plane Available", async () => {
    const releases = await getObjects(cluster, "secrets", "dapr-system");
    const release = releases.find(
      (s) => s.metadata.labels?.owner === "helm" && s.metadata.labels?.name === "dapr",
    );
    expect(release?.metadata.labels?.status).toBe("deployed");
    const deployments = await getObjects(cluster, "deployments", "dapr-system");
    expect(deployments.map((d) => d.metadata.name)).toEqual(
      expect.arrayContaining(["dapr-operator", "dapr-sentry", "dapr-sidecar-injector"]),
    );
    for (const d of deployments)
      expect(d.status?.availableReplicas, d.metadata.name).toBe(d.spec?.replicas);
  });

  it("re-synthesizes and then diffs every stack with no changes (state survives, no perpetual diff)", async () => {
    await cli.ok(["synth"]);
    for (const stack of LOCAL_STACKS) {
      const output = await cli.ok(["diff", stack]);
      expect(output, stack).toMatch(/No changes/);
    }
  }, 900_000);

  it("plans exactly the resources an environment change touches, as in-place updates", async () => {
    const base = cli.stackJson("todo-local-app");
    const change = { services: { "task-api": { replicas: { min: 2, max: 3 } } } };
    await cli.ok(["synth", "--app", "npx tsx test/deploy/variant-app.ts"], {
      TODO_LOCAL_CHANGE: JSON.stringify(change),
    });
    const changed = cli.stackJson("todo-local-app");
    const expected: string[] = [];
    for (const [type, byName] of Object.entries(changed.resource ?? {}))
      for (const [name, body] of Object.entries(byName)) {
        const before = base.resource?.[type]?.[name];
        if (JSON.stringify(withoutIgnored(body)) !== JSON.stringify(withoutIgnored(before)))
          expected.push(`${type}.${name}`);
      }
    expect(expected.length).toBeGreaterThan(0);
    const planned = await plannedChanges("todo-local-app");
    expect(planned.map((c) => c.address).sort()).toEqual(expected.sort());
    for (const c of planned) expect(c.actions, c.address).toEqual(["update"]);
    await cli.ok(["synth"]);
  }, 900_000);

  it("destroys in reverse order and leaves no object the stacks created", async () => {
    await cli.ok(["destroy", "todo-local-*", "--auto-approve"]);
    const after = await snapshot();
    const left = [...after].filter((o) => !before.has(o));
    // Helm installs a chart's crds/ folder but never deletes it (so custom resources survive an
    // uninstall): the Dapr CRDs, and the APIServices the API server registers for their group
    // versions, are the one documented leftover.
    const helmKeeps =
      /^(CustomResourceDefinition\/\/[a-z]+\.dapr\.io|APIService\/\/v\w+\.dapr\.io)$/;
    expect(left.filter((o) => !helmKeeps.test(o))).toEqual([]);
  }, 900_000);

  it("deploys the HA environment: 3 brokers, Dapr HA, two replicas per service and PDBs", async () => {
    await cli.ok(["deploy", "todo-ha-*", "--auto-approve"]);
    const pool = JSON.parse(
      await cluster.kubectl([
        "get",
        "kafkanodepools.kafka.strimzi.io",
        "-n",
        NAMESPACE,
        "-o",
        "json",
      ]),
    ) as { items: KubeObject[] };
    expect(pool.items.map((p) => p.spec?.replicas)).toEqual([3]);
    for (const name of [
      "dapr-operator",
      "dapr-sentry",
      "dapr-sidecar-injector",
      "dapr-placement-server",
      "dapr-scheduler-server",
    ]) {
      const kind = name.endsWith("-server") ? "statefulset" : "deployment";
      const obj = JSON.parse(
        await cluster.kubectl(["get", kind, name, "-n", "dapr-system", "-o", "json"]),
      ) as KubeObject;
      expect(obj.spec?.replicas, name).toBe(3);
    }
    const ha = cli.stackJson("todo-ha-app");
    // The services are what the HPAs scale (Valkey is one instance by design).
    const services = resources(ha, "kubernetes_horizontal_pod_autoscaler_v2").map(([, r]) =>
      metadataName(r),
    );
    expect(services.length).toBeGreaterThanOrEqual(5);
    const deployments = new Map(
      (await getObjects(cluster, "deployments", NAMESPACE)).map((d) => [d.metadata.name, d]),
    );
    const pdbs = new Set((await getObjects(cluster, "pdb", NAMESPACE)).map((p) => p.metadata.name));
    for (const name of services) {
      expect(deployments.get(name)?.status?.availableReplicas, name).toBeGreaterThanOrEqual(2);
      expect(pdbs, name).toContain(name);
    }
    expect(await podAdmissionFailures(cluster, NAMESPACE)).toEqual([]);
    await cli.ok(["destroy", "todo-ha-*", "--auto-approve"]);
  }, 900_000);
});
