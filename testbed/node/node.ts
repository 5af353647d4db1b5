/**
 * A real node joined to the testbed's control plane: containerd with runc, the CNI bridge
 * plugins and a kubelet with its own node credentials, so pods' containers really start.
 *
 * What it changes on the machine, and gives back when it stops:
 * - a Linux bridge ({@link NODE_BRIDGE}) holding the node's address and the pods' subnet, and an
 *   nftables table that keeps pods from reaching anything but the node and each other;
 * - the sysctls kubelet and the bridge plugin set (restored to what they were);
 * - mounts (container root filesystems, network namespaces, volumes) and cgroups, all under the
 *   node's own folder and cgroup root (unmounted and removed).
 * One node runs per machine at a time (the bridge and subnet are fixed); a node left behind by a
 * killed process is cleaned up by the next start.
 */
import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunningCluster } from "../kubernetes/kubernetes-cluster.js";
import {
  CLIENT_EXTENSIONS,
  issueCertificate,
  kubeconfig,
  KUBERNETES_SERVICE_IP,
} from "../kubernetes/kubernetes-pki.js";
import { httpOk } from "../process/http-ok.js";
import { freePorts } from "../process/ports.js";
import type { ManagedProcess, Supervisor } from "../process/supervisor.js";
import { ensureNode, type NodeInstall } from "./node-build.js";
import { pushPauseImage, startRegistry, type RunningRegistry } from "./registry.js";

const exec = promisify(execFile);

export const NODE_NAME = "todo-node";
/** The bridge of the node's pods; it holds the node's own address too. */
export const NODE_BRIDGE = "todo-cni0";
export const POD_SUBNET = "10.88.0.0/24";
/** The node's InternalIP: the bridge's address, the pods' gateway. */
export const NODE_IP = "10.88.0.1";
/** The cgroup under which kubelet puts every pod (cgroupfs driver). */
const CGROUP_ROOT = "todo-node";
const NFT_TABLE = "todo-node";
/** Where the owner of a running node is recorded, for the cleanup of one left behind. */
const OWNER_FILE = join(tmpdir(), "todo-node.owner");

/** Sysctls kubelet (and the bridge plugin, ip_forward) set on the machine. */
export const TOUCHED_SYSCTLS = [
  "net/ipv4/ip_forward",
  "vm/overcommit_memory",
  "kernel/panic",
  "kernel/panic_on_oops",
];

export interface RunningNode {
  readonly name: string;
  readonly ip: string;
  /** The registry the node pulls from, `127.0.0.1:<port>`. */
  readonly registry: RunningRegistry;
  /** The kubelet's own kubeconfig (its node identity, `system:node:<name>`). */
  readonly kubeconfig: string;
  readonly logDir: string;
  /** Stops kubelet, every container, containerd and the registry; gives back what it changed. */
  stop(): Promise<void>;
}

export interface StartNodeOptions {
  /** @default - the cluster's log folder */
  readonly logDir?: string;
  /** Deadline per component and for the node to become Ready. @default 90_000 */
  readonly timeoutMs?: number;
}

/** Starts a node, joins it to `cluster` and waits until it is Ready. */
export async function startNode(
  supervisor: Supervisor,
  cluster: RunningCluster,
  options: StartNodeOptions = {},
): Promise<RunningNode> {
  const install = await ensureNode({ build: false });
  await requireRoot();
  await cleanUpLeftovers();
  const root = mkdtempSync(join(tmpdir(), "todo-node-"));
  const logDir = options.logDir ?? cluster.logDir;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const sysctls = new Map(TOUCHED_SYSCTLS.map((s) => [s, readSysctl(s)]));
  writeFileSync(OWNER_FILE, JSON.stringify({ pid: process.pid, root, sysctls: [...sysctls] }));
  let registry: RunningRegistry | undefined;
  let containerd: ManagedProcess | undefined;
  let kubelet: ManagedProcess | undefined;
  let kubeProxy: ManagedProcess | undefined;
  // After containerd (its containers killed first), also when the supervisor stops it on Ctrl-C.
  let givenBack: Promise<void> | undefined;
  const giveBackAll = () =>
    (givenBack ??= giveBack(root, sysctls).then(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(OWNER_FILE, { force: true });
    }));
  const stop = async () => {
    await kubeProxy?.stop();
    await kubelet?.stop();
    await containerd?.stop();
    await registry?.stop();
    await giveBackAll();
  };
  try {
    const apiPort = Number(new URL(cluster.server).port);
    await createNetwork(apiPort);
    createCgroupRoot();
    registry = await startRegistry(supervisor, install, { root, logDir, timeoutMs });
    const pauseImage = await pushPauseImage(install, registry, root);
    const socket = join(root, "containerd.sock");
    const containerdConfig = join(root, "containerd.toml");
    writeFileSync(containerdConfig, containerdConfiguration({ root, socket, install, pauseImage }));
    writeCniConfiguration(root);
    containerd = await supervisor.start(
      "containerd",
      install.containerd,
      ["--config", containerdConfig, "--log-level", "warn"],
      {
        logFile: join(logDir, "containerd.log"),
        env: { PATH: `${install.binDir}:${process.env.PATH ?? ""}` },
        health: async () =>
          existsSync(socket) &&
          (await exec(install.ctr, ["--address", socket, "version"]).then(() => true)),
        timeoutMs,
        // containerd leaves its containers running when it stops.
        beforeStop: () => removeContainers(install, root),
        afterStop: giveBackAll,
      },
    );
    const [kubeletPort, healthzPort] = await freePorts(2);
    const kubeletConfig = await writeKubeletFiles(
      cluster,
      root,
      socket,
      kubeletPort!,
      healthzPort!,
    );
    kubelet = await supervisor.start(
      "kubelet",
      cluster.install.kubelet,
      [
        `--config=${kubeletConfig}`,
        `--kubeconfig=${join(root, "kubelet.kubeconfig")}`,
        `--hostname-override=${NODE_NAME}`,
        `--node-ip=${NODE_IP}`,
        `--root-dir=${join(root, "kubelet")}`,
        `--cert-dir=${join(root, "kubelet-pki")}`,
        `--node-labels=type=real,topology.kubernetes.io/zone=zone-a`,
        "--v=1",
      ],
      {
        logFile: join(logDir, "kubelet.log"),
        health: () => httpOk(`http://127.0.0.1:${healthzPort}/healthz`),
        timeoutMs,
        dependsOn: [containerd],
      },
    );
    // The kubelet registers its Node shortly after it is healthy; wait for both.
    for (const condition of ["create", "condition=Ready"])
      await cluster.kubectl([
        "wait",
        `--for=${condition}`,
        `node/${NODE_NAME}`,
        `--timeout=${Math.round(timeoutMs / 1000)}s`,
      ]);
    await cluster.kubectl(["apply", "-f", "-"], apiServerEndpoints(apiPort));
    const [proxyHealthz, proxyMetrics] = await freePorts(2);
    const proxyConfig = await writeKubeProxyFiles(cluster, root, proxyHealthz!, proxyMetrics!);
    kubeProxy = await supervisor.start(
      "kube-proxy",
      cluster.install.kubeProxy,
      [`--config=${proxyConfig}`, "--v=1"],
      {
        logFile: join(logDir, "kube-proxy.log"),
        health: () => httpOk(`http://127.0.0.1:${proxyHealthz}/healthz`),
        timeoutMs,
      },
    );
    return {
      name: NODE_NAME,
      ip: NODE_IP,
      registry,
      kubeconfig: join(root, "kubelet.kubeconfig"),
      logDir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function requireRoot(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Error(
      "a real node needs root (network namespaces, mounts, cgroups): run the tests as root, or start the cluster with kwok nodes only",
    );
}

function readSysctl(name: string): string {
  return readFileSync(join("/proc/sys", name), "utf8").trim();
}

/** The bridge with the node's address, and the rule that keeps pods inside. */
async function createNetwork(apiPort: number): Promise<void> {
  await exec("ip", ["link", "add", NODE_BRIDGE, "type", "bridge"]);
  await exec("ip", ["addr", "add", `${NODE_IP}/24`, "dev", NODE_BRIDGE]);
  await exec("ip", ["link", "set", NODE_BRIDGE, "up"]);
  // The API server listens on loopback only: pods reach it at the `kubernetes` Service's IP or
  // its endpoint (the node's address), rewritten to loopback, which this bridge alone may route.
  writeFileSync(`/proc/sys/net/ipv4/conf/${NODE_BRIDGE}/route_localnet`, "1");
  // Pods may talk to each other and to the node; nothing they send is forwarded elsewhere.
  await nft(`table inet ${NFT_TABLE} {
  chain forward {
    type filter hook forward priority filter; policy accept;
    ip saddr ${POD_SUBNET} ip daddr != ${POD_SUBNET} drop
  }
  chain api_server {
    # Before kube-proxy's chains (dstnat): a connection is NATed once, by the first rule.
    type nat hook prerouting priority dstnat - 10; policy accept;
    iifname "${NODE_BRIDGE}" ip daddr ${KUBERNETES_SERVICE_IP} tcp dport 443 dnat ip to 127.0.0.1:${apiPort}
    iifname "${NODE_BRIDGE}" ip daddr ${NODE_IP} tcp dport ${apiPort} dnat ip to 127.0.0.1:${apiPort}
  }
}`);
}

function nft(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile("nft", ["-f", "-"], (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin?.end(script);
  });
}

/** containerd 2's configuration (version 3): everything under `root`, pods on the CNI bridge. */
function containerdConfiguration(c: {
  root: string;
  socket: string;
  install: NodeInstall;
  pauseImage: string;
}): string {
  return `version = 3
root = "${join(c.root, "containerd")}"
state = "${join(c.root, "containerd-state")}"
# Nothing of the machine's own containerd configuration.
imports = []

[grpc]
  address = "${c.socket}"

[ttrpc]
  address = "${c.socket}.ttrpc"

[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "${c.pauseImage}"
  [plugins."io.containerd.cri.v1.images".registry]
    config_path = "${join(c.root, "certs.d")}"

[plugins."io.containerd.cri.v1.runtime"]
  # The machine lacks CAP_SYS_RESOURCE: containers keep an OOM score of 0 or more.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = "${c.install.runc}"
        SystemdCgroup = false
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["${c.install.cniBinDir}"]
    conf_dir = "${join(c.root, "cni", "net.d")}"

[plugins."io.containerd.grpc.v1.cri"]
  disable_tcp_service = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

[plugins."io.containerd.transfer.v1.local"]
  config_path = "${join(c.root, "certs.d")}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(c.root, "opt")}"
`;
}

/** The pod network: the bridge plugin on {@link NODE_BRIDGE}, host-local addresses, hostPorts. */
function writeCniConfiguration(root: string): void {
  const confDir = join(root, "cni", "net.d");
  mkdirSync(confDir, { recursive: true });
  const conflist = {
    cniVersion: "1.0.0",
    name: "todo-node",
    plugins: [
      {
        type: "bridge",
        bridge: NODE_BRIDGE,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: "host-local",
          ranges: [[{ subnet: POD_SUBNET, gateway: NODE_IP }]],
          routes: [{ dst: "0.0.0.0/0" }],
          dataDir: join(root, "cni", "ipam"),
        },
      },
      { type: "portmap", capabilities: { portMappings: true }, backend: "nftables" },
    ],
  };
  writeFileSync(join(confDir, "10-todo-node.conflist"), JSON.stringify(conflist, null, 2));
}

/** The node's credentials and kubelet's configuration; returns the configuration's path. */
async function writeKubeletFiles(
  cluster: RunningCluster,
  root: string,
  socket: string,
  port: number,
  healthzPort: number,
): Promise<string> {
  const pkiDir = join(root, "pki");
  mkdirSync(pkiDir, { recursive: true });
  const ca = { cert: cluster.pki.caCert, key: cluster.pki.caKey };
  // The node authorizer knows a kubelet by this name and group.
  const client = await issueCertificate(
    ca,
    pkiDir,
    "kubelet-client",
    `/O=system:nodes/CN=system:node:${NODE_NAME}`,
    CLIENT_EXTENSIONS,
  );
  const serving = await issueCertificate(
    ca,
    pkiDir,
    "kubelet-serving",
    `/CN=${NODE_NAME}`,
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=IP:${NODE_IP},DNS:${NODE_NAME}`,
    ].join("\n"),
  );
  writeFileSync(
    join(root, "kubelet.kubeconfig"),
    kubeconfig(
      cluster.server,
      cluster.pki.caCert,
      client.cert,
      client.key,
      `system:node:${NODE_NAME}`,
    ),
    { mode: 0o600 },
  );
  const resolvConf = join(root, "resolv.conf");
  writeFileSync(resolvConf, "options ndots:5\n");
  const config = join(root, "kubelet.yaml");
  writeFileSync(
    config,
    `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: ${port}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${healthzPort}
tlsCertFile: ${serving.cert}
tlsPrivateKeyFile: ${serving.key}
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: ${cluster.pki.caCert} }
authorization:
  mode: Webhook
containerRuntimeEndpoint: unix://${socket}
# This machine has cgroup v1 only (KEP-5573 deprecates it; kubelet refuses it unless told).
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /${CGROUP_ROOT}
failSwapOn: false
podLogsDir: ${join(root, "pod-logs")}
resolvConf: ${resolvConf}
clusterDomain: cluster.local
# The disk is shared with everything else on the machine: only evict when it is really full.
evictionHard: { "nodefs.available": "1%", "imagefs.available": "1%", "memory.available": "100Mi" }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
`,
  );
  return config;
}

/**
 * The `kubernetes` Service's endpoint (the API server's endpoint reconciler is off: it refuses
 * a loopback address): the node's address, which the node rewrites to the loopback API server.
 */
function apiServerEndpoints(apiPort: number): string {
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels: { kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: todo-testbed }
addressType: IPv4
endpoints: [{ addresses: ["${NODE_IP}"], conditions: { ready: true } }]
ports: [{ name: https, port: ${apiPort}, protocol: TCP }]
`;
}

/**
 * kube-proxy in nftables mode with its own identity: Services' ClusterIPs for pods and the
 * node, NodePorts on the node's address only, the machine's conntrack settings left alone.
 */
async function writeKubeProxyFiles(
  cluster: RunningCluster,
  root: string,
  healthzPort: number,
  metricsPort: number,
): Promise<string> {
  const client = await issueCertificate(
    { cert: cluster.pki.caCert, key: cluster.pki.caKey },
    join(root, "pki"),
    "kube-proxy",
    "/CN=system:kube-proxy",
    CLIENT_EXTENSIONS,
  );
  const kubeconfigFile = join(root, "kube-proxy.kubeconfig");
  writeFileSync(
    kubeconfigFile,
    kubeconfig(cluster.server, cluster.pki.caCert, client.cert, client.key, "system:kube-proxy"),
    { mode: 0o600 },
  );
  const config = join(root, "kube-proxy.yaml");
  writeFileSync(
    config,
    `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
hostnameOverride: ${NODE_NAME}
clientConnection: { kubeconfig: ${kubeconfigFile} }
clusterCIDR: ${POD_SUBNET}
healthzBindAddress: 127.0.0.1:${healthzPort}
metricsBindAddress: 127.0.0.1:${metricsPort}
nodePortAddresses: ["${NODE_IP}/32"]
# No CAP_SYS_RESOURCE here (see containerd's restrict_oom_score_adj).
oomScoreAdj: 0
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
`,
  );
  return config;
}

/** Kills every container's task (containerd does not stop them when it stops). */
async function removeContainers(install: NodeInstall, root: string): Promise<void> {
  const socket = join(root, "containerd.sock");
  if (!existsSync(socket)) return;
  const ctr = (args: string[]) =>
    exec(install.ctr, ["--address", socket, "--namespace", "k8s.io", ...args]).then(
      (r) => r.stdout,
      () => "",
    );
  const tasks = (await ctr(["tasks", "ls", "-q"])).split("\n").filter(Boolean);
  for (const id of tasks) await ctr(["tasks", "kill", "--signal", "SIGKILL", id]);
  for (const id of tasks) await ctr(["tasks", "delete", "--force", id]);
}

/**
 * Gives back what the node changed: shims and container processes still alive, mounts under
 * its folder, its cgroups, the bridge and nftables table, the sysctls.
 */
async function giveBack(root: string, sysctls: ReadonlyMap<string, string>): Promise<void> {
  killProcessesUnder(root);
  unmountUnder(root);
  removeCgroups();
  await exec("ip", ["link", "del", NODE_BRIDGE]).catch(() => undefined);
  await exec("nft", ["delete", "table", "inet", NFT_TABLE]).catch(() => undefined);
  for (const [name, value] of sysctls) writeFileSync(join("/proc/sys", name), value);
}

/** Processes whose command line names the node's folder (containerd's shims), and every
 * process left in the pods' cgroups. */
function killProcessesUnder(root: string): void {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p)))
    if (Number(pid) !== process.pid && commandLine(pid).includes(root)) kill(Number(pid));
  for (const pid of cgroupDirs().flatMap(processesIn)) kill(pid);
}

/** A process's command line, or "" once it is gone. */
function commandLine(pid: string): string {
  try {
    return readFileSync(join("/proc", pid, "cmdline"), "utf8");
  } catch {
    return "";
  }
}

/** Every pid in the `cgroup.procs` files of `dir` and the cgroups below it. */
function processesIn(dir: string): number[] {
  const procs = join(dir, "cgroup.procs");
  const own = existsSync(procs)
    ? readFileSync(procs, "utf8").split("\n").filter(Boolean).map(Number)
    : [];
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => processesIn(join(dir, entry.name)));
  return [...own, ...below];
}

/** SIGKILL, when the process still exists. */
function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** kubelet expects its cgroup root to exist in every hierarchy it uses. */
function createCgroupRoot(): void {
  for (const hierarchy of cgroupHierarchies())
    mkdirSync(join(hierarchy, CGROUP_ROOT), { recursive: true });
}

/** The mounted cgroup v1 hierarchies (not the unified v2 one, which holds no controllers here). */
function cgroupHierarchies(): string[] {
  return readdirSync("/sys/fs/cgroup")
    .filter((h) => h !== "unified")
    .map((h) => join("/sys/fs/cgroup", h));
}

/** The node's cgroup root in every mounted v1 hierarchy. */
function cgroupDirs(): string[] {
  return cgroupHierarchies()
    .map((h) => join(h, CGROUP_ROOT))
    .filter((d) => existsSync(d));
}

/** Unmounts everything mounted under `root`, deepest first. */
function unmountUnder(root: string): void {
  const mounts = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((mountPoint) => mountPoint.startsWith(root))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) {
    try {
      execFileSync("umount", ["-l", mountPoint], { stdio: "ignore" });
    } catch {
      // already gone with its parent
    }
  }
}

/** Removes the node's cgroups (empty once their processes are gone), leaves first. */
function removeCgroups(): void {
  const remove = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) remove(join(dir, entry.name));
    try {
      rmdirSync(dir);
    } catch {
      // a process still in it: the kernel keeps it until that exits
    }
  };
  for (const dir of cgroupDirs()) remove(dir);
}

/** A node left behind by a killed test process: give its changes back before starting. */
async function cleanUpLeftovers(): Promise<void> {
  if (!existsSync(OWNER_FILE)) {
    const bridge = await exec("ip", ["link", "show", NODE_BRIDGE]).then(
      () => true,
      () => false,
    );
    if (bridge)
      throw new Error(
        `the bridge ${NODE_BRIDGE} exists but no testbed node owns it: remove it (ip link del ${NODE_BRIDGE}) if nothing else uses it`,
      );
    return;
  }
  const owner = JSON.parse(readFileSync(OWNER_FILE, "utf8")) as {
    pid: number;
    root: string;
    sysctls: [string, string][];
  };
  if (isAlive(owner.pid))
    throw new Error(
      `another testbed node runs (process ${owner.pid}); one node runs per machine at a time`,
    );
  await giveBack(owner.root, new Map(owner.sysctls));
  rmSync(owner.root, { recursive: true, force: true });
  rmSync(OWNER_FILE, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
