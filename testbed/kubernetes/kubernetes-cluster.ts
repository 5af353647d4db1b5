/**
 * A fresh local Kubernetes control plane per start, all on loopback: etcd, kube-apiserver (RBAC,
 * the default admission plugins including PodSecurity), kube-controller-manager, kube-scheduler
 * and kwok managing a pool of simulated nodes. Under kwok pods are admitted, scheduled and
 * marked Running (Jobs' pods Succeeded, PVCs Bound), but no container ever runs: what runs inside
 * a pod is tested on `npm run local`, not here.
 */
import { execFile } from "node:child_process";
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensureKubernetes, type KubernetesInstall } from "./kubernetes-build.js";
import {
  generatePki,
  KUBELET_CLIENT_USER,
  KUBERNETES_SERVICE_IP,
  type ClusterPki,
} from "./kubernetes-pki.js";
import { httpOk } from "../process/http-ok.js";
import { freePorts, onFreePorts } from "../process/ports.js";
import type { ManagedProcess, Supervisor } from "../process/supervisor.js";

const run = promisify(execFile);

/** The simulated node pool: sized like a small production cluster over three zones. */
export const NODE_POOL = {
  count: 3,
  cpu: "8",
  memory: "32Gi",
  pods: "110",
  zones: ["zone-a", "zone-b", "zone-c"],
} as const;

/** Context name in the kubeconfig the cluster writes. */
export const CLUSTER_CONTEXT = "todo-local";

export interface StartClusterOptions {
  /** Where each component's log goes. @default - a new temporary folder */
  readonly logDir?: string;
  /** Deadline per component to become healthy. @default 90_000 */
  readonly timeoutMs?: number;
}

export interface RunningCluster {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** Admin kubeconfig (context {@link CLUSTER_CONTEXT}). */
  readonly kubeconfig: string;
  readonly install: KubernetesInstall;
  /** The cluster's CA and certificates (a node joining it gets its credentials from here). */
  readonly pki: ClusterPki;
  readonly logDir: string;
  /** Runs the built kubectl against this cluster; resolves with stdout. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** Stops kwok, scheduler, controller-manager, apiserver, etcd (in that order) and drops the data. */
  stop(): Promise<void>;
}

/** Starts a control plane on free loopback ports and waits until nodes are Ready. */
export const startCluster = onFreePorts(startClusterOnce);

async function startClusterOnce(
  supervisor: Supervisor,
  options: StartClusterOptions = {},
): Promise<RunningCluster> {
  const install = await ensureKubernetes({ build: false });
  const root = mkdtempSync(join(tmpdir(), "todo-cluster-"));
  const logDir = options.logDir ?? join(root, "logs");
  const timeoutMs = options.timeoutMs ?? 90_000;
  const [etcdClient, etcdPeer, apiPort, cmPort, schedPort, kwokPort] = await freePorts(6);
  const server = `https://127.0.0.1:${apiPort}`;
  const pki = await generatePki(root, server);
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const proc of started.reverse()) await proc.stop();
  };
  const start = async (
    name: string,
    binary: string,
    args: string[],
    health: () => Promise<boolean>,
    removeOnStop: string[] = [],
  ) => {
    started.push(
      await supervisor.start(name, binary, args, {
        logFile: join(logDir, `${name}.log`),
        health,
        timeoutMs,
        removeOnStop,
      }),
    );
  };
  try {
    const etcdData = join(root, "etcd");
    await start(
      "etcd",
      install.etcd,
      [
        "--name=local",
        `--data-dir=${etcdData}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=local=http://127.0.0.1:${etcdPeer}`,
        // Throw-away data: durability traded for speed, like the test Postgres.
        "--unsafe-no-fsync",
        "--log-level=warn",
      ],
      () => httpOk(`http://127.0.0.1:${etcdClient}/health`),
      [root],
    );
    await start(
      "kube-apiserver",
      install.kubeApiserver,
      apiserverArgs(pki, etcdClient!, apiPort!),
      () => httpsOk(`${server}/readyz`, pki.caCert),
    );
    await start(
      "kube-controller-manager",
      install.kubeControllerManager,
      [
        `--kubeconfig=${pki.kubeconfigs["controller-manager"]}`,
        `--authentication-kubeconfig=${pki.kubeconfigs["controller-manager"]}`,
        `--authorization-kubeconfig=${pki.kubeconfigs["controller-manager"]}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${cmPort}`,
        "--leader-elect=false",
        "--use-service-account-credentials=true",
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        `--root-ca-file=${pki.caCert}`,
        `--cluster-signing-cert-file=${pki.caCert}`,
        `--cluster-signing-key-file=${pki.caKey}`,
        // No real nodes, so no pod CIDRs to hand out.
        "--allocate-node-cidrs=false",
      ],
      () => httpsOk(`https://127.0.0.1:${cmPort}/healthz`),
    );
    await start(
      "kube-scheduler",
      install.kubeScheduler,
      [
        `--kubeconfig=${pki.kubeconfigs.scheduler}`,
        `--authentication-kubeconfig=${pki.kubeconfigs.scheduler}`,
        `--authorization-kubeconfig=${pki.kubeconfigs.scheduler}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${schedPort}`,
        "--leader-elect=false",
      ],
      () => httpsOk(`https://127.0.0.1:${schedPort}/healthz`),
    );
    const kwokConfig = join(root, "kwok.yaml");
    writeFileSync(kwokConfig, kwokConfiguration(kwokPort!));
    await start(
      "kwok",
      install.kwok,
      [
        `--kubeconfig=${pki.kubeconfigs.kwok}`,
        `--config=${kwokConfig}`,
        `--config=${install.stagesFile}`,
      ],
      () => httpOk(`http://127.0.0.1:${kwokPort}/healthz`),
    );
    const kubeconfig = pki.kubeconfigs.admin;
    const kubectl = async (args: readonly string[], input?: string) => {
      const child = run(install.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
        maxBuffer: 64 * 1024 * 1024,
      });
      if (input !== undefined) {
        child.child.stdin?.end(input);
      }
      return (await child).stdout;
    };
    await kubectl(["apply", "-f", install.clusterObjectsFile]);
    await kubectl([
      "create",
      "clusterrolebinding",
      "apiserver-kubelet-api-admin",
      "--clusterrole=system:kubelet-api-admin",
      `--user=${KUBELET_CLIENT_USER}`,
    ]);
    await kubectl(["apply", "-f", "-"], nodePool());
    await kubectl([
      "wait",
      "--for=condition=Ready",
      "node",
      "--all",
      `--timeout=${Math.round(timeoutMs / 1000)}s`,
    ]);
    // The ServiceAccount admission needs a token controller to have run in `default`.
    await kubectl(["wait", "--for=create", "serviceaccount/default", "--timeout=60s"]);
    return { server, kubeconfig, install, pki, logDir, kubectl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function apiserverArgs(pki: ClusterPki, etcdPort: number, apiPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${apiPort}`,
    // There is no kubelet or network: the `kubernetes` Service's endpoints are not reconciled
    // (the reconciler refuses a loopback advertise address).
    "--endpoint-reconciler-type=none",
    `--service-cluster-ip-range=${KUBERNETES_SERVICE_IP.replace(/\.1$/, ".0")}/16`,
    `--client-ca-file=${pki.caCert}`,
    // Logs, exec and port-forward on a real node: verified both ways, by the node's address.
    `--kubelet-client-certificate=${pki.kubeletClientCert}`,
    `--kubelet-client-key=${pki.kubeletClientKey}`,
    `--kubelet-certificate-authority=${pki.caCert}`,
    "--kubelet-preferred-address-types=InternalIP",
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    "--authorization-mode=Node,RBAC",
    // The default admission plugins stay on (PodSecurity among them); nothing is disabled.
    "--allow-privileged=false",
    "--profiling=false",
  ];
}

/** kwok's settings, explicit: manage only the pool's nodes (by annotation), fake pod IPs. */
function kwokConfiguration(port: number): string {
  return `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  manageAllNodes: false
  manageNodesWithAnnotationSelector: kwok.x-k8s.io/node=fake
  cidr: 10.244.0.1/16
  nodeIP: 10.0.0.1
  serverAddress: 127.0.0.1:${port}
  enableCNI: false
  nodeLeaseDurationSeconds: 40
  # Defaulted only by kwok's own CLI wrapper (kwokctl), not by kwok itself: zero refuses to start.
  nodeLeaseParallelism: 4
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  podsOnNodeSyncParallelism: 4
`;
}

/** The simulated nodes as Node objects kwok adopts. */
function nodePool(): string {
  return Array.from({ length: NODE_POOL.count }, (_, i) => {
    const name = `kwok-node-${i}`;
    const zone = NODE_POOL.zones[i % NODE_POOL.zones.length];
    return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: ${zone}
    type: kwok
status:
  allocatable: { cpu: "${NODE_POOL.cpu}", memory: ${NODE_POOL.memory}, pods: "${NODE_POOL.pods}" }
  capacity: { cpu: "${NODE_POOL.cpu}", memory: ${NODE_POOL.memory}, pods: "${NODE_POOL.pods}" }
  nodeInfo: { architecture: amd64, operatingSystem: linux, kubeletVersion: fake, kubeProxyVersion: fake }
`;
  }).join("---\n");
}

/** GET over TLS, trusting `ca` (or, for the self-signed component endpoints, nothing). */
function httpsOk(url: string, ca?: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: ca ? readFileSync(ca) : undefined,
        rejectUnauthorized: ca !== undefined,
        timeout: 2_000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}
