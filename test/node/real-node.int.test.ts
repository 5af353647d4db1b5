/**
 * The testbed's real node: containerd, runc, the CNI bridge and a kubelet joined to a fresh
 * control plane with its own credentials. Containers really start here, from images in the
 * node's loopback registry, and are reached through 127.0.0.1 only.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImages, type BuiltImages } from "../../services/image/build-images.js";
import { startCluster, type RunningCluster } from "../../testbed/kubernetes/kubernetes-cluster.js";
import { ensureNode, CONTAINERD_VERSION } from "../../testbed/node/node-build.js";
import {
  NODE_BRIDGE,
  NODE_IP,
  NODE_NAME,
  startNode,
  TOUCHED_SYSCTLS,
  type RunningNode,
} from "../../testbed/node/node.js";
import { pushBinaryImage } from "../../testbed/node/registry.js";
import { freePort } from "../../testbed/process/ports.js";
import { Supervisor } from "../../testbed/process/supervisor.js";

const exec = promisify(execFile);
const NAMESPACE = "node-probe";

let supervisor: Supervisor;
let cluster: RunningCluster;
let node: RunningNode;
let workDir: string;
/** The images the image test builds (the runtime image serves as a client below). */
let built: BuiltImages;
const sysctlsBefore = new Map<string, string>();

beforeAll(async () => {
  for (const s of TOUCHED_SYSCTLS)
    sysctlsBefore.set(s, readFileSync(join("/proc/sys", s), "utf8").trim());
  supervisor = new Supervisor();
  cluster = await startCluster(supervisor);
  node = await startNode(supervisor, cluster);
  workDir = mkdtempSync(join(tmpdir(), "todo-node-test-"));
}, 300_000);

afterAll(async () => {
  await node?.stop();
  await supervisor?.stopAll();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** `kubectl port-forward` to 127.0.0.1; resolves with the local port once it forwards. */
async function portForward(
  target: string,
  remotePort: number,
): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(cluster.install.kubectl, [
    `--kubeconfig=${cluster.kubeconfig}`,
    "--namespace",
    NAMESPACE,
    "port-forward",
    "--address=127.0.0.1",
    target,
    `${port}:${remotePort}`,
  ]);
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Forwarding from")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`port-forward exited with ${code}: ${output}`)));
  });
  return { port, stop: () => child.kill() };
}

describe("a real node", () => {
  it("joins the control plane Ready, with containerd and its own node identity", async () => {
    const json = JSON.parse(await cluster.kubectl(["get", "node", NODE_NAME, "-o", "json"])) as {
      status: {
        nodeInfo: { containerRuntimeVersion: string; kubeletVersion: string };
        addresses: { type: string; address: string }[];
      };
    };
    expect(json.status.nodeInfo.containerRuntimeVersion).toBe(`containerd://${CONTAINERD_VERSION}`);
    expect(json.status.nodeInfo.kubeletVersion).toBe(`v${cluster.install.version}`);
    expect(json.status.addresses).toContainEqual({ type: "InternalIP", address: NODE_IP });
    // The node authorizer: the kubelet's credentials reach its own node and no other.
    const asNode = (args: string[]) =>
      exec(cluster.install.kubectl, [`--kubeconfig=${node.kubeconfig}`, ...args]);
    await expect(asNode(["get", "node", NODE_NAME, "-o", "name"])).resolves.toMatchObject({
      stdout: `node/${NODE_NAME}\n`,
    });
    await expect(asNode(["label", "node", "kwok-node-0", "hijacked=true"])).rejects.toThrow(
      /forbidden/i,
    );
  });

  it("starts a restricted pod's container from the loopback registry, probed, reached on 127.0.0.1", async () => {
    const install = await ensureNode({ build: false });
    const image = await pushBinaryImage(install, node.registry, {
      binary: install.crane,
      repository: "probe-registry",
      tag: "1",
      workDir,
    });
    await cluster.kubectl(["create", "namespace", NAMESPACE]);
    await cluster.kubectl([
      "label",
      "namespace",
      NAMESPACE,
      "pod-security.kubernetes.io/enforce=restricted",
    ]);
    const pod = `apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: ${NAMESPACE}, labels: { app: probe } }
spec:
  nodeSelector: { type: real }
  securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: registry
      image: ${image}
      imagePullPolicy: IfNotPresent
      args: [registry, serve, --address, ":5000"]
      ports: [{ containerPort: 5000 }]
      readinessProbe: { httpGet: { path: /v2/, port: 5000 }, periodSeconds: 1 }
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
        readOnlyRootFilesystem: true
`;
    await cluster.kubectl(["apply", "-f", "-"], pod);
    await cluster.kubectl([
      "wait",
      "--namespace",
      NAMESPACE,
      "--for=condition=Ready",
      "pod/probe",
      "--timeout=90s",
    ]);
    const status = JSON.parse(
      await cluster.kubectl(["get", "pod", "probe", "--namespace", NAMESPACE, "-o", "json"]),
    ) as {
      spec: { nodeName: string };
      status: { podIP: string; containerStatuses: { containerID: string; restartCount: number }[] };
    };
    expect(status.spec.nodeName).toBe(NODE_NAME);
    expect(status.status.podIP).toMatch(/^10\.88\.0\.\d+$/);
    expect(status.status.containerStatuses[0]!.containerID).toMatch(
      /^containerd:\/\/[0-9a-f]{64}$/,
    );
    expect(status.status.containerStatuses[0]!.restartCount).toBe(0);

    const forward = await portForward("pod/probe", 5000);
    try {
      const response = await fetch(`http://127.0.0.1:${forward.port}/v2/`);
      expect(response.status).toBe(200);
    } finally {
      forward.stop();
    }
    // Logs come from the kubelet, which the API server reaches with its client certificate.
    const logs = await cluster.kubectl(["logs", "--namespace", NAMESPACE, "pod/probe"]);
    expect(logs).toMatch(/GET \/v2\//);
  }, 180_000);

  it("builds the service images reproducibly; one runs as uid 10001 on Node LTS, healthy, not ready without its sidecar", async () => {
    const install = await ensureNode({ build: false });
    built = await buildImages({
      registry: node.registry.host,
      tag: "test",
      crane: install.crane,
      workDir: join(workDir, "images"),
    });
    // One commit, one set of packages: the same digests again.
    const again = await buildImages({
      registry: node.registry.host,
      tag: "again",
      crane: install.crane,
      workDir: join(workDir, "images-again"),
    });
    expect(again.runtime.digest).toBe(built.runtime.digest);
    for (const [service, image] of Object.entries(built.services))
      expect(again.services[service]!.digest, service).toBe(image.digest);
    const token = randomBytes(24).toString("hex");
    await cluster.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Secret
metadata: { name: realtime-secrets, namespace: ${NAMESPACE} }
stringData: { APP_API_TOKEN: "${token}", AUTH_HS256_SECRET: "${randomBytes(24).toString("hex")}" }
---
apiVersion: v1
kind: Pod
metadata: { name: realtime, namespace: ${NAMESPACE} }
spec:
  nodeSelector: { type: real }
  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: realtime
      image: ${built.services.realtime!.ref}
      envFrom: [{ secretRef: { name: realtime-secrets } }]
      startupProbe: { httpGet: { path: /healthz, port: 8084 }, periodSeconds: 1, failureThreshold: 60 }
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
        readOnlyRootFilesystem: true
      volumeMounts: [{ name: tmp, mountPath: /tmp }]
  volumes: [{ name: tmp, emptyDir: {} }]
`,
    );
    await cluster.kubectl([
      "wait",
      "--namespace",
      NAMESPACE,
      "--for=jsonpath={.status.containerStatuses[0].started}=true",
      "pod/realtime",
      "--timeout=90s",
    ]);
    const forward = await portForward("pod/realtime", 8084);
    try {
      expect((await fetch(`http://127.0.0.1:${forward.port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${forward.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { dapr: "not ready" } });
    } finally {
      forward.stop();
    }
    const logs = await cluster.kubectl(["logs", "--namespace", NAMESPACE, "pod/realtime"]);
    expect(logs).toMatch(/"service":"realtime".*"msg":"listening"/);
  }, 180_000);

  it("routes Services with kube-proxy: a pod reaches another pod's Service and the API server", async () => {
    await cluster.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Service
metadata: { name: probe-registry, namespace: ${NAMESPACE} }
spec: { selector: { app: probe }, ports: [{ port: 80, targetPort: 5000 }] }
`,
    );
    // Node's fetch, and https with the service account's CA and token, from the runtime image.
    const script = [
      "const fs = require('fs'), https = require('https');",
      "const sa = '/var/run/secrets/kubernetes.io/serviceaccount/';",
      "(async () => {",
      // kube-proxy programs a new Service within about a second: a client retries, bounded.
      "  for (let attempt = 1; ; attempt++) {",
      "    try {",
      "      const r = await fetch('http://' + process.env.PROBE_REGISTRY_SERVICE_HOST + '/v2/');",
      "      console.log('service', r.status); break;",
      "    } catch (e) {",
      "      if (attempt === 40) throw e;",
      "      await new Promise((resolve) => setTimeout(resolve, 250));",
      "    }",
      "  }",
      "  const res = await new Promise((resolve, reject) => https.get({",
      "    host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT,",
      "    path: '/version', ca: fs.readFileSync(sa + 'ca.crt'),",
      "    headers: { authorization: 'Bearer ' + fs.readFileSync(sa + 'token', 'utf8') },",
      "  }, resolve).on('error', reject));",
      "  let body = ''; for await (const chunk of res) body += chunk;",
      "  console.log('api', res.statusCode, JSON.parse(body).gitVersion);",
      "})().catch((e) => { console.error(e.message); process.exit(1); });",
    ].join("\n");
    await cluster.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: batch/v1
kind: Job
metadata: { name: client, namespace: ${NAMESPACE} }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      nodeSelector: { type: real }
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: client
          image: ${built.runtime.ref}
          args: ["-e", ${JSON.stringify(script)}]
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`,
    );
    // Complete or Failed, whichever comes: `kubectl wait` takes one condition.
    await cluster.kubectl([
      ...["wait", "--namespace", NAMESPACE, "job/client", "--timeout=90s"],
      "--for=jsonpath={.status.conditions[?(@.status=='True')].type}",
    ]);
    const job = JSON.parse(
      await cluster.kubectl(["get", "--namespace", NAMESPACE, "job/client", "-o", "json"]),
    ) as { status: { succeeded?: number } };
    const logs = await cluster.kubectl(["logs", "--namespace", NAMESPACE, "job/client"]);
    expect(job.status.succeeded, logs).toBe(1);
    expect(logs).toContain("service 200");
    expect(logs).toContain(`api 200 v${cluster.install.version}`);
  }, 180_000);

  it("refuses a pod that breaks the namespace's restricted profile", async () => {
    // Root by default, privilege escalation allowed, capabilities kept: what restricted forbids.
    const careless = `apiVersion: v1
kind: Pod
metadata: { name: careless, namespace: ${NAMESPACE} }
spec:
  containers:
    - { name: c, image: ${node.registry.host}/probe-registry:1 }
`;
    await expect(cluster.kubectl(["apply", "-f", "-"], careless)).rejects.toThrow(
      /violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
  });

  it("gives back the machine when it stops: no bridge, mounts or changed sysctls", async () => {
    await node.stop();
    await expect(exec("ip", ["link", "show", NODE_BRIDGE])).rejects.toThrow();
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toMatch(/todo-node-/);
    for (const [name, value] of sysctlsBefore)
      expect(readFileSync(join("/proc/sys", name), "utf8").trim(), name).toBe(value);
  }, 120_000);
});
