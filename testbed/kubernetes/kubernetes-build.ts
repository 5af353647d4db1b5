/**
 * A real Kubernetes control plane built from the Go module proxy: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kubectl at pinned releases, and kwok, which
 * simulates nodes (pods are admitted, scheduled and marked Running; no container runs).
 *
 * Neither etcd's server module nor k8s.io/kubernetes can be `go install`ed (replace directives;
 * the Kubernetes module zip carries no `staging/`), so each is built from a small wrapper module
 * generated here: etcd's is a main calling `etcdmain.Main`; Kubernetes' requires the release and
 * points every staging module at its published `k8s.io/* v0.<minor>.<patch>` twin. The builds use
 * the bootstrap's shared Go build cache (go-build.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { buildInWrapperModule, downloadGoModule, goInstall } from "../bootstrap/go-build.js";
import { oncePerProcess } from "../bootstrap/once.js";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";

const COMPONENT = "kubernetes";

export const ETCD_VERSION = "3.6.16";
export const KUBERNETES_VERSION = "1.37.2";
export const KWOK_VERSION = "0.8.0";

/** Paths of the built control-plane binaries and kwok's upstream stage definitions. */
export interface KubernetesInstall {
  readonly version: string;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubectl: string;
  /** The node agent and its Service proxy, for the cluster's real node. */
  readonly kubelet: string;
  readonly kubeProxy: string;
  readonly kwok: string;
  /** Folder holding `kubectl` (for a user's PATH). */
  readonly binDir: string;
  /** kwok's pod, node and volume Stage documents, from its module's `kustomize/stage`. */
  readonly stagesFile: string;
  /** The other documents there (kwok's StorageClass), applied to the cluster at start. */
  readonly clusterObjectsFile: string;
}

/** The Kubernetes binaries built from one wrapper module in one `go build`. */
const KUBE_COMMANDS = [
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubectl",
  "kubelet",
  "kube-proxy",
];

/** kwok stages that make pods Running/Succeeded, nodes Ready with leases, and PVCs Bound. */
const KWOK_STAGE_FOLDERS = ["node/fast", "node/heartbeat-with-lease", "pod/fast", "volume/fast"];

const buildOnce = oncePerProcess(buildAll);

/** Builds (once, cached) or finds the control plane binaries. */
export function ensureKubernetes(options: { build?: boolean } = {}): Promise<KubernetesInstall> {
  return options.build === false ? Promise.resolve(builtInstall()) : buildOnce();
}

function home(): string {
  return cacheDir(`kubernetes-${KUBERNETES_VERSION}`);
}

function fingerprint(): string {
  return [
    ETCD_VERSION,
    KUBERNETES_VERSION,
    KWOK_VERSION,
    ...KUBE_COMMANDS,
    ...KWOK_STAGE_FOLDERS,
  ].join(" ");
}

function install(): KubernetesInstall {
  const binDir = join(home(), "bin");
  return {
    version: KUBERNETES_VERSION,
    etcd: join(binDir, "etcd"),
    kubeApiserver: join(binDir, "kube-apiserver"),
    kubeControllerManager: join(binDir, "kube-controller-manager"),
    kubeScheduler: join(binDir, "kube-scheduler"),
    kubectl: join(binDir, "kubectl"),
    kubelet: join(binDir, "kubelet"),
    kubeProxy: join(binDir, "kube-proxy"),
    kwok: join(binDir, "kwok"),
    binDir,
    stagesFile: join(home(), "kwok-stages.yaml"),
    clusterObjectsFile: join(home(), "kwok-cluster-objects.yaml"),
  };
}

/** The cached install, or an error saying how to build it (tests never build). */
function builtInstall(): KubernetesInstall {
  if (!isStamped(home(), fingerprint()))
    throw new BootstrapError(
      COMPONENT,
      `the control plane (etcd ${ETCD_VERSION}, Kubernetes ${KUBERNETES_VERSION}, kwok ${KWOK_VERSION}) is not built: run \`npm run infra:bootstrap\``,
    );
  return install();
}

async function buildAll(): Promise<KubernetesInstall> {
  const dir = home();
  if (isStamped(dir, fingerprint())) {
    progress(
      COMPONENT,
      `${KUBERNETES_VERSION} cached (etcd ${ETCD_VERSION}, kwok ${KWOK_VERSION})`,
    );
    return install();
  }
  return withBuildLock(COMPONENT, dir, async () => {
    if (isStamped(dir, fingerprint())) return install();
    const started = Date.now();
    const paths = install();
    mkdirSync(paths.binDir, { recursive: true });
    const heartbeat = setInterval(
      () => progress(COMPONENT, `still building (${Math.round((Date.now() - started) / 1000)} s)`),
      60_000,
    );
    try {
      if (!existsSync(paths.etcd)) await buildEtcd(dir, paths.binDir);
      if (!KUBE_COMMANDS.every((c) => existsSync(join(paths.binDir, c))))
        await buildKubernetes(dir, paths.binDir);
      if (!existsSync(paths.kwok)) await buildKwok(paths.binDir);
      await writeKwokStages(paths);
    } finally {
      clearInterval(heartbeat);
    }
    const reported = await runStep(COMPONENT, paths.kubectl, ["version", "--client", "-o", "json"]);
    if (!reported.includes(`"gitVersion": "v${KUBERNETES_VERSION}"`))
      throw new BootstrapError(COMPONENT, `kubectl reports an unexpected version: ${reported}`);
    stamp(dir, fingerprint());
    progress(
      COMPONENT,
      `${KUBERNETES_VERSION} built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return paths;
  });
}

async function buildEtcd(dir: string, binDir: string): Promise<void> {
  progress(COMPONENT, `etcd ${ETCD_VERSION}: building`);
  await buildInWrapperModule(
    COMPONENT,
    join(dir, "etcd-src"),
    {
      "go.mod": `module etcdbuild\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v${ETCD_VERSION}\n`,
      "main.go": `// etcd's own main package, which cannot be installed from its module.\npackage main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n`,
    },
    ["-ldflags", "-s -w", "-o", join(binDir, "etcd"), "."],
  );
}

async function buildKubernetes(dir: string, binDir: string): Promise<void> {
  progress(
    COMPONENT,
    `Kubernetes ${KUBERNETES_VERSION}: fetching the release and its staging modules`,
  );
  const release = await downloadGoModule(COMPONENT, "k8s.io/kubernetes", `v${KUBERNETES_VERSION}`);
  const releaseMod = readFileSync(join(release.dir, "go.mod"), "utf8");
  const staging = [...releaseMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map(
    (m) => m[1]!,
  );
  if (staging.length === 0)
    throw new BootstrapError(COMPONENT, "k8s.io/kubernetes go.mod lists no staging modules");
  const goLine = /^go .*$/m.exec(releaseMod)?.[0] ?? "go 1.26.0";
  const godebug = /^godebug .*$/m.exec(releaseMod)?.[0] ?? "";
  const stagingVersion = `v0.${KUBERNETES_VERSION.split(".").slice(1).join(".")}`;
  const goMod = [
    "module kubebuild",
    "",
    goLine,
    godebug,
    "",
    `require k8s.io/kubernetes v${KUBERNETES_VERSION}`,
    "",
    "replace (",
    ...staging.map((m) => `\t${m} => ${m} ${stagingVersion}`),
    ")",
    "",
  ].join("\n");
  // What `make` stamps: charts with a kubeVersion constraint refuse an unversioned server.
  const [major, minor] = KUBERNETES_VERSION.split(".");
  const ldflags = [
    "-s -w",
    ...["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].flatMap((pkg) => [
      `-X ${pkg}.gitVersion=v${KUBERNETES_VERSION}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitCommit=${release.commit}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    ]),
  ].join(" ");
  progress(
    COMPONENT,
    `Kubernetes ${KUBERNETES_VERSION}: building ${KUBE_COMMANDS.join(", ")} (cold: ~15 min on 2 cores)`,
  );
  await buildInWrapperModule(
    COMPONENT,
    join(dir, "kube-src"),
    {
      "go.mod": goMod,
      // `go mod tidy` keeps only what the module imports: name the commands.
      "tools.go": `//go:build tools\n\npackage tools\n\nimport (\n${KUBE_COMMANDS.map((c) => `\t_ "k8s.io/kubernetes/cmd/${c}"`).join("\n")}\n)\n`,
    },
    [
      "-tags",
      "providerless",
      "-ldflags",
      ldflags,
      "-o",
      `${binDir}/`,
      ...KUBE_COMMANDS.map((c) => `k8s.io/kubernetes/cmd/${c}`),
    ],
  );
}

async function buildKwok(binDir: string): Promise<void> {
  progress(COMPONENT, `kwok ${KWOK_VERSION}: building`);
  await goInstall(COMPONENT, `sigs.k8s.io/kwok/cmd/kwok@v${KWOK_VERSION}`, binDir);
}

/**
 * Splits kwok's upstream stage folders (documents unchanged) into the Stage documents for
 * kwok's `--config` and the rest (its StorageClass) for the cluster.
 */
async function writeKwokStages(paths: KubernetesInstall): Promise<void> {
  const module = await downloadGoModule(COMPONENT, "sigs.k8s.io/kwok", `v${KWOK_VERSION}`);
  const documents: string[] = [];
  for (const folder of KWOK_STAGE_FOLDERS) {
    const base = join(module.dir, "kustomize", "stage", folder);
    const kustomization = readFileSync(join(base, "kustomization.yaml"), "utf8");
    const resources = [...kustomization.matchAll(/^- ([\w./-]+\.yaml)$/gm)].map((m) => m[1]!);
    for (const resource of resources) documents.push(readFileSync(join(base, resource), "utf8"));
  }
  const isStage = (d: string) => /^kind: Stage$/m.test(d);
  const asFile = (docs: string[]) => docs.map((d) => d.trim()).join("\n---\n") + "\n";
  writeFileSync(paths.stagesFile, asFile(documents.filter(isStage)));
  writeFileSync(paths.clusterObjectsFile, asFile(documents.filter((d) => !isStage(d))));
}
