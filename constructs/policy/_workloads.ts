/**
 * Reads a Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) out of its
 * synthesized Terraform configuration, so policies check exactly what will be applied.
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

const WORKLOAD_TYPES = new Set([
  "kubernetes_deployment_v1",
  "kubernetes_stateful_set_v1",
  "kubernetes_daemon_set_v1",
  "kubernetes_job_v1",
  "kubernetes_cron_job_v1",
  "kubernetes_pod_v1",
]);

/** Nested blocks synthesize as an object or a one-element list depending on the binding. */
const one = (value: unknown): Json => ((Array.isArray(value) ? value[0] : value) ?? {}) as Json;
const many = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value ? [value] : []) as Json[];

export function workloadOf(node: IConstruct): Workload | undefined {
  if (!(node instanceof TerraformResource) || !WORKLOAD_TYPES.has(node.terraformResourceType))
    return undefined;
  const synthesized = node.toTerraform() as { resource: Record<string, Record<string, Json>> };
  const config = Object.values(synthesized.resource[node.terraformResourceType])[0];
  let spec = one(config.spec);
  // CronJob → job_template → spec; every workload but Pod → template → spec.
  if (node.terraformResourceType === "kubernetes_cron_job_v1")
    spec = one(one(one(spec.job_template).spec));
  const template =
    node.terraformResourceType === "kubernetes_pod_v1"
      ? { metadata: config.metadata, spec }
      : one(spec.template);
  const podSpec = node.terraformResourceType === "kubernetes_pod_v1" ? spec : one(template.spec);
  const containers = [...many(podSpec.init_container), ...many(podSpec.container)].map((c) => ({
    name: String(c.name),
    image: typeof c.image === "string" ? c.image : undefined,
    resources: one(c.resources) as WorkloadContainer["resources"],
    securityContext: one(c.security_context),
  }));
  return {
    type: node.terraformResourceType,
    labels: (one(config.metadata).labels ?? {}) as Json,
    podLabels: (one(template.metadata).labels ?? {}) as Json,
    podSecurityContext: one(podSpec.security_context),
    containers,
  };
}
