/**
 * `npm run cluster [-- --crds <file|dir> ...] [--no-crds] [--real-node]`: a fresh local
 * Kubernetes control plane in the foreground, to try `cdktf deploy` without a cloud. Prints the
 * shell exports once the nodes are Ready; Ctrl-C stops everything and deletes the cluster's data.
 *
 * Three nodes are simulated by kwok: pods are admitted (Pod Security included), scheduled and
 * marked Running, but no container runs. `--real-node` adds a real node (containerd, runc, a
 * kubelet; root only) with a loopback registry, where pods selected with `type: real` run.
 * To run the services themselves as processes, use `npm run local`.
 */
import { parseArgs } from "node:util";
import { LOCAL_DAPR_CHART_PATH } from "../../environments/index.js";
import { ensureDaprChart } from "../dapr/dapr-chart.js";
import { ensureKubernetes } from "../kubernetes/kubernetes-build.js";
import { startCluster } from "../kubernetes/kubernetes-cluster.js";
import { ensureNode } from "../node/node-build.js";
import { startNode } from "../node/node.js";
import { runInForeground } from "../process/foreground.js";
import { Supervisor } from "../process/supervisor.js";
import { deployEnvironment, shellExports } from "./deploy-env.js";
import { installCrds, operatorCrdFolders } from "./operator-crds.js";

const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
const { values } = parseArgs({
  options: {
    crds: { type: "string", multiple: true },
    "no-crds": { type: "boolean" },
    "real-node": { type: "boolean" },
  },
});
const crdSources = values["no-crds"] ? [] : (values.crds ?? (await operatorCrdFolders()));

const supervisor = new Supervisor();
const started = Date.now();
await runInForeground(supervisor, say, async () => {
  await ensureKubernetes();
  if (values["real-node"]) await ensureNode();
  const chartDir = await ensureDaprChart(LOCAL_DAPR_CHART_PATH);
  say("starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok ...");
  const cluster = await startCluster(supervisor);
  if (crdSources.length > 0) {
    const count = await installCrds(cluster, crdSources);
    say(`preinstalled ${count} operator CRDs from ${crdSources.join(", ")}`);
  } else {
    say("no operator CRDs installed: planning todo-local-app will name the missing ones");
  }
  const node = values["real-node"] ? await startNode(supervisor, cluster) : undefined;
  if (node) say(`real node ${node.name} Ready at ${node.ip}; its registry: ${node.registry.host}`);
  const env = await deployEnvironment(cluster);
  return [
    "",
    `Local control plane ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${cluster.server}, Kubernetes ${cluster.install.version}, 3 kwok nodes${node ? ` and the real node ${node.name}` : ""}; logs in ${cluster.logDir}).`,
    ...(node
      ? [
          `Images for the real node: npm run images -- --registry ${node.registry.host} (pods need nodeSelector type: real).`,
        ]
      : []),
    `Dapr chart: ${chartDir}`,
    "In another shell, paste:",
    "",
    shellExports(env),
    "",
    "then:",
    "  npx cdktf deploy 'todo-local-*' --auto-approve --skip-provider-lock",
    "  kubectl get pods -n todo",
    "",
    "The cluster's data is deleted when it stops.",
  ];
});
