/**
 * Reads what the API server holds, for the deploy tests: workloads and whether every pod they
 * should have was admitted, and the objects a stack declared.
 */
import type { RunningCluster } from "../../testbed/kubernetes/kubernetes-cluster.js";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export async function getObjects(
  cluster: RunningCluster,
  resource: string,
  namespace?: string,
): Promise<KubeObject[]> {
  const scope = namespace ? ["-n", namespace] : ["--all-namespaces"];
  const out = await cluster.kubectl(["get", resource, ...scope, "-o", "json"]);
  return (JSON.parse(out) as { items: KubeObject[] }).items;
}

/**
 * Why pods a workload should have are missing: for every ReplicaSet, StatefulSet and Job in
 * `namespace`, a pod it wants but could not create shows as a `FailedCreate` event (Pod Security
 * admission refusing the template says "violates PodSecurity"). Empty when every pod was admitted.
 */
export async function podAdmissionFailures(
  cluster: RunningCluster,
  namespace: string,
): Promise<string[]> {
  const events = await getObjects(cluster, "events", namespace);
  const replicaSets = await getObjects(cluster, "replicasets", namespace);
  const statefulSets = await getObjects(cluster, "statefulsets", namespace);
  const jobs = await getObjects(cluster, "jobs", namespace);
  const live = new Set(
    [...replicaSets, ...statefulSets, ...jobs].map((o) => `${o.kind}/${o.metadata.name}`),
  );
  const failures = events
    .filter((e) => (e as unknown as { reason?: string }).reason === "FailedCreate")
    // Events outlive their object: only workloads that still exist count.
    .filter((e) => {
      const { kind, name } = (e as unknown as { involvedObject: { kind: string; name: string } })
        .involvedObject;
      return live.has(`${kind}/${name}`);
    })
    .map((e) => {
      const event = e as unknown as {
        involvedObject: { kind: string; name: string };
        message: string;
      };
      return `${event.involvedObject.kind}/${event.involvedObject.name}: ${event.message}`;
    });
  const short: string[] = [];
  for (const rs of replicaSets) {
    const wanted = Number(rs.spec?.replicas ?? 0);
    const have = Number(rs.status?.replicas ?? 0);
    if (have < wanted) short.push(`ReplicaSet/${rs.metadata.name}: ${have} of ${wanted} pods`);
  }
  for (const sts of statefulSets) {
    const wanted = Number(sts.spec?.replicas ?? 1);
    const have = Number(sts.status?.replicas ?? 0);
    if (have < wanted) short.push(`StatefulSet/${sts.metadata.name}: ${have} of ${wanted} pods`);
  }
  return [...new Set([...failures, ...short])];
}
