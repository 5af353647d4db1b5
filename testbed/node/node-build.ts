/**
 * What a real node runs beside the kubelet (built with the control plane, kubernetes-build.ts),
 * all from the Go module proxy: containerd and its runc shim, runc (cgo, with seccomp), the CNI
 * plugins a bridged node needs, the image registry (distribution) the node pulls from, crane to
 * build and push images without a Docker engine, and the pause image's binary, compiled from
 * `build/pause` of the Kubernetes module (no registry serves the upstream pause image here).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { downloadGoModule, goInstall } from "../bootstrap/go-build.js";
import { oncePerProcess } from "../bootstrap/once.js";
import { KUBERNETES_VERSION } from "../kubernetes/kubernetes-build.js";

const COMPONENT = "node";

export const CONTAINERD_VERSION = "2.4.2";
export const RUNC_VERSION = "1.5.3";
export const CNI_PLUGINS_VERSION = "1.10.0";
export const DISTRIBUTION_VERSION = "3.1.2";
export const CRANE_VERSION = "0.22.1";

/** The CNI plugins of a bridged node: pod network, addresses, loopback, hostPorts. */
export const CNI_PLUGINS = ["bridge", "host-local", "loopback", "portmap"] as const;

/** One `go install` per module: its packages, version and build settings. */
interface NodeBuild {
  readonly module: string;
  readonly version: string;
  readonly packages: readonly string[];
  readonly tags?: readonly string[];
  readonly cgo?: boolean;
  /** Linker flags the release's Makefile sets (version stamps a go install leaves out). */
  readonly ldflags?: string;
  /** Folder under the install's root the binaries go to. */
  readonly into: "bin" | "cni";
}

const BUILDS: readonly NodeBuild[] = [
  {
    module: "github.com/containerd/containerd/v2",
    version: CONTAINERD_VERSION,
    packages: ["cmd/containerd", "cmd/containerd-shim-runc-v2", "cmd/ctr"],
    // btrfs needs cgo headers; the node's snapshotter is overlayfs or native.
    tags: ["no_btrfs"],
    // kubelet reports this as the node's runtime version.
    ldflags: `-X github.com/containerd/containerd/v2/version.Version=v${CONTAINERD_VERSION}`,
    into: "bin",
  },
  {
    module: "github.com/opencontainers/runc",
    version: RUNC_VERSION,
    packages: [""],
    // runc's nsenter is C; seccomp (libseccomp-dev) gives pods the RuntimeDefault profile.
    tags: ["seccomp", "urfave_cli_no_docs"],
    cgo: true,
    ldflags: `-X main.version=${RUNC_VERSION}`,
    into: "bin",
  },
  {
    module: "github.com/containernetworking/plugins",
    version: CNI_PLUGINS_VERSION,
    packages: [
      "plugins/main/bridge",
      "plugins/ipam/host-local",
      "plugins/main/loopback",
      "plugins/meta/portmap",
    ],
    into: "cni",
  },
  {
    module: "github.com/distribution/distribution/v3",
    version: DISTRIBUTION_VERSION,
    packages: ["cmd/registry"],
    into: "bin",
  },
  {
    module: "github.com/google/go-containerregistry",
    version: CRANE_VERSION,
    packages: ["cmd/crane"],
    into: "bin",
  },
];

/** Paths of the node's binaries. */
export interface NodeInstall {
  readonly containerd: string;
  /** Folder of containerd's shim (containerd finds `containerd-shim-runc-v2` on PATH). */
  readonly binDir: string;
  readonly ctr: string;
  readonly runc: string;
  /** Folder of the CNI plugins. */
  readonly cniBinDir: string;
  readonly registry: string;
  readonly crane: string;
  /** The pause binary (static), the only file of the pause image. */
  readonly pause: string;
}

const buildOnce = oncePerProcess(buildAll);

/** Builds (once, cached) or finds the node's binaries. */
export function ensureNode(options: { build?: boolean } = {}): Promise<NodeInstall> {
  return options.build === false ? Promise.resolve(builtInstall()) : buildOnce();
}

function home(): string {
  return cacheDir(`node-containerd-${CONTAINERD_VERSION}`);
}

function fingerprint(): string {
  return [
    ...BUILDS.map(
      (b) =>
        `${b.module}@${b.version}:${b.packages.join(",")}:${b.tags?.join(",") ?? ""}:${b.ldflags ?? ""}`,
    ),
    `pause@${KUBERNETES_VERSION}`,
  ].join(" ");
}

function install(): NodeInstall {
  const binDir = join(home(), "bin");
  return {
    containerd: join(binDir, "containerd"),
    binDir,
    ctr: join(binDir, "ctr"),
    runc: join(binDir, "runc"),
    cniBinDir: join(home(), "cni"),
    registry: join(binDir, "registry"),
    crane: join(binDir, "crane"),
    pause: join(binDir, "pause"),
  };
}

function builtInstall(): NodeInstall {
  if (!isStamped(home(), fingerprint()))
    throw new BootstrapError(
      COMPONENT,
      `the node (containerd ${CONTAINERD_VERSION}, runc ${RUNC_VERSION}, CNI plugins ${CNI_PLUGINS_VERSION}, registry ${DISTRIBUTION_VERSION}, crane ${CRANE_VERSION}) is not built: run \`npm run infra:bootstrap\``,
    );
  return install();
}

async function buildAll(): Promise<NodeInstall> {
  const dir = home();
  if (isStamped(dir, fingerprint())) {
    progress(COMPONENT, `containerd ${CONTAINERD_VERSION}, runc ${RUNC_VERSION} cached`);
    return install();
  }
  return withBuildLock(COMPONENT, dir, async () => {
    if (isStamped(dir, fingerprint())) return install();
    const started = Date.now();
    for (const build of BUILDS) {
      progress(COMPONENT, `${build.module} v${build.version}: building`);
      await goInstall(
        COMPONENT,
        build.packages.map(
          (p) => `${[build.module, p].filter(Boolean).join("/")}@v${build.version}`,
        ),
        join(dir, build.into),
        {
          ...(build.tags ? { tags: build.tags } : {}),
          ...(build.cgo ? { env: { CGO_ENABLED: "1" } } : {}),
          ...(build.ldflags ? { ldflags: build.ldflags } : {}),
        },
      );
    }
    await buildPause(install().pause);
    stamp(dir, fingerprint());
    progress(COMPONENT, `built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return install();
  });
}

/** The pause container's binary, as upstream's image builds it: static C. */
async function buildPause(out: string): Promise<void> {
  const release = await downloadGoModule(COMPONENT, "k8s.io/kubernetes", `v${KUBERNETES_VERSION}`);
  const source = join(release.dir, "build", "pause", "linux", "pause.c");
  if (!existsSync(source)) throw new BootstrapError(COMPONENT, `no pause source at ${source}`);
  mkdirSync(join(out, ".."), { recursive: true });
  await runStep(COMPONENT, "gcc", [
    "-Os",
    "-static",
    "-Wall",
    "-Werror",
    `-DVERSION=v${KUBERNETES_VERSION}-todo`,
    "-o",
    out,
    source,
  ]);
}
