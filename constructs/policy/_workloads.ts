/**
 * Reads a Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) from the
 * configuration its construct was given, so every policy checks exactly what will be applied.
 * @internal
 */
import { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

type Json = Record<string, unknown>;

export interface WorkloadContainer {
  readonly name: string;
  readonly image?: string;
  readonly resources?: { limits?: Json; requests?: Json };
  readonly securityContext?: Json;
}

export interface Workload {
  readonly type: string;
  readonly labels: Json;
  readonly podLabels: Json;
  readonly podSecurityContext: Json;
  readonly containers: WorkloadContainer[];
}

/** The workload bindings all expose their input blocks as `metadataInput` / `specInput`. */
interface WorkloadResource extends TerraformResource {
  readonly metadataInput?: unknown;
  readonly specInput?: unknown;
}

const WORKLOAD_TYPES = new Set([
  "kubernetes_deployment_v1",
  "kubernetes_stateful_set_v1",
  "kubernetes_daemon_set_v1",
  "kubernetes_job_v1",
  "kubernetes_cron_job_v1",
  "kubernetes_pod_v1",
]);

/** Blocks may be given as an object or a one-element list. */
const one = (value: unknown): Json => ((Array.isArray(value) ? value[0] : value) ?? {}) as Json;
const many = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value ? [value] : []) as Json[];

// Every policy reads the same workloads; read each one once per run.
const cache = new WeakMap<IConstruct, Workload>();

export function workloadOf(node: IConstruct): Workload | undefined {
  if (!(node instanceof TerraformResource) || !WORKLOAD_TYPES.has(node.terraformResourceType))
    return undefined;
  const cached = cache.get(node);
  if (cached) return cached;
  const workload = readWorkload(node as WorkloadResource);
  cache.set(node, workload);
  return workload;
}

function readWorkload(node: WorkloadResource): Workload {
  const type = node.terraformResourceType;
  let spec = one(node.specInput);
  // CronJob → jobTemplate → spec; every workload but Pod → template → spec.
  if (type === "kubernetes_cron_job_v1") spec = one(one(one(spec.jobTemplate).spec));
  const template =
    type === "kubernetes_pod_v1" ? { metadata: node.metadataInput, spec } : one(spec.template);
  const podSpec = type === "kubernetes_pod_v1" ? spec : one(template.spec);
  return {
    type,
    labels: (one(node.metadataInput).labels ?? {}) as Json,
    podLabels: (one(template.metadata).labels ?? {}) as Json,
    podSecurityContext: one(podSpec.securityContext),
    containers: [...many(podSpec.initContainer), ...many(podSpec.container)].map((c) => ({
      name: String(c.name),
      image: typeof c.image === "string" ? c.image : undefined,
      resources: one(c.resources) as WorkloadContainer["resources"],
      securityContext: one(c.securityContext),
    })),
  };
}
