/**
 * What a diagram shows, read from an environment's synthesized stacks: the services (Dapr
 * app ids of the Deployments), the Dapr components and their scopes, topics and dead-letter
 * topics, the data stores, and who talks to whom (scopes, subscriptions, access control,
 * component targets), and the Dapr scheduler for services that schedule jobs. Publishing,
 * subscribing and jobs are not in the Terraform (Dapr has no publisher list, and each consumer
 * subscribes itself through `GET /dapr/subscribe`), so they, and which services own a database,
 * come from the service definitions the stacks are built from.
 */
import { serviceDefinitions } from "../../services/service-definitions.js";
import {
  DELIVERY_FAILURES_TOPIC,
  deadLetterTopic,
} from "../../services/runtime/dapr/delivery-failures.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON is untyped
type Json = Record<string, any>;

export type NodeKind =
  "service" | "component" | "topic" | "dead-letter-topic" | "store" | "external";

export interface ModelNode {
  readonly id: string;
  /** Lines of the node's label; the first is its name. */
  readonly label: readonly string[];
  readonly kind: NodeKind;
  /** Id of the node it sits in (topics in their Kafka cluster). @default - top level */
  readonly parent?: string;
}

export interface ModelEdge {
  readonly from: string;
  readonly to: string;
  /** @default - unlabelled */
  readonly label?: string;
}

export interface SystemModel {
  readonly nodes: ModelNode[];
  readonly edges: ModelEdge[];
}

const resources = (stacks: readonly Json[], type: string): Json[] =>
  stacks.flatMap((s) => Object.values((s.resource?.[type] ?? {}) as Record<string, Json>));
const manifests = (stacks: readonly Json[], kind: string): Json[] =>
  resources(stacks, "kubernetes_manifest")
    .map((r) => r.manifest as Json)
    .filter((m) => m.kind === kind);
const metadataValue = (component: Json, name: string): string | undefined =>
  (component.spec?.metadata as Json[] | undefined)?.find((m) => m.name === name)?.value;

/** The system of one environment, from all of its synthesized stacks. */
export function systemModel(stacks: readonly Json[]): SystemModel {
  const nodes = new Map<string, ModelNode>();
  const edges: ModelEdge[] = [];
  const add = (node: ModelNode) => nodes.set(node.id, node);
  const link = (from: string, to: string, label?: string) =>
    edges.push({ from, to, ...(label ? { label } : {}) });

  const apps = resources(stacks, "kubernetes_deployment_v1")
    .map((d) => d.spec?.template?.metadata?.annotations?.["dapr.io/app-id"] as string | undefined)
    .filter((id): id is string => Boolean(id))
    .sort();
  for (const app of apps) add({ id: `svc:${app}`, label: [app], kind: "service" });

  // Data stores, by what each environment creates.
  const kafka =
    manifests(stacks, "Kafka")[0]?.metadata.name ??
    resources(stacks, "aws_msk_cluster")[0]?.cluster_name;
  add({
    id: "store:kafka",
    label: [
      kafka ? `Kafka ${kafka}` : "Kafka",
      kafka ? (manifests(stacks, "Kafka").length ? "Strimzi" : "Amazon MSK") : "external",
    ],
    kind: "store",
  });
  const cnpg = manifests(stacks, "Cluster")[0]?.metadata.name;
  const neon = resources(stacks, "neon_project")[0]?.name;
  add({
    id: "store:postgres",
    label: [
      `Postgres ${cnpg ?? neon ?? ""}`.trim(),
      cnpg ? "CloudNativePG" : neon ? "Neon" : "external",
    ],
    kind: "store",
  });

  const topics = new Set<string>(manifests(stacks, "KafkaTopic").map((t) => t.metadata.name));
  // (app, topic) in name order, so the layout does not depend on the order of the definitions.
  const subscriptions = serviceDefinitions
    .filter((d) => nodes.has(`svc:${d.name}`))
    .flatMap((d) => d.subscribes.map((topic) => ({ app: d.name, topic })))
    .sort((x, y) => `${x.app}-${x.topic}`.localeCompare(`${y.app}-${y.topic}`));
  for (const { topic } of subscriptions) topics.add(topic).add(deadLetterTopic(topic));
  for (const d of serviceDefinitions) for (const t of d.publishes) topics.add(t);
  for (const topic of [...topics].sort()) {
    const dlt = topic.endsWith(".dlt");
    add({
      id: `topic:${topic}`,
      label: [topic],
      kind: dlt ? "dead-letter-topic" : "topic",
      parent: "store:kafka",
    });
  }

  for (const component of manifests(stacks, "Component")) {
    const name = component.metadata.name as string;
    const type = component.spec.type as string;
    const id = `component:${name}`;
    add({ id, label: [name, type], kind: "component" });
    for (const app of (component.scopes as string[] | undefined) ?? []) link(`svc:${app}`, id);
    if (type.startsWith("pubsub.")) link(id, "store:kafka");
    else if (type.startsWith("state.redis")) {
      const host = metadataValue(component, "redisHost") ?? "";
      const managed = resources(stacks, "aws_elasticache_replication_group").length > 0;
      add({
        id: "store:redis",
        label: ["Redis", managed ? "ElastiCache" : host.split(".")[0] || "in-cluster"],
        kind: "store",
      });
      link(id, "store:redis");
    } else if (type === "bindings.http") {
      add({ id: "external:webhook", label: ["webhook", "HTTPS endpoint"], kind: "external" });
      link(id, "external:webhook");
    } else if (type.startsWith("secretstores.kubernetes")) {
      add({ id: "store:secrets", label: ["Kubernetes Secrets"], kind: "store" });
      link(id, "store:secrets");
    } else if (type === "bindings.cron") {
      for (const app of (component.scopes as string[] | undefined) ?? [])
        link(id, `svc:${app}`, metadataValue(component, "schedule"));
    }
  }

  for (const { app, topic } of subscriptions) {
    link(`topic:${topic}`, `svc:${app}`);
    // Every consumer notes its failed deliveries there (services/runtime/dapr/delivery-failures.ts).
    link(`svc:${app}`, `topic:${DELIVERY_FAILURES_TOPIC}`);
    link(`topic:${topic}`, `topic:${deadLetterTopic(topic)}`);
  }
  for (const d of serviceDefinitions)
    if (nodes.has(`svc:${d.name}`))
      for (const t of d.publishes) link(`svc:${d.name}`, `topic:${t}`);

  // Service invocation: each app's Configuration allows its callers.
  for (const config of manifests(stacks, "Configuration")) {
    const callee = (config.metadata.name as string).replace(/-config$/, "");
    for (const p of (config.spec?.accessControl?.policies as Json[] | undefined) ?? [])
      if (p.defaultAction === "allow" || p.operations?.length)
        link(`svc:${p.appId}`, `svc:${callee}`, "invokes");
  }
  // Postgres: each service that owns a schema; the Dapr scheduler: each that schedules jobs.
  for (const d of serviceDefinitions.filter((d) => nodes.has(`svc:${d.name}`))) {
    if (d.databaseSchema) link(`svc:${d.name}`, "store:postgres");
    if (d.jobs) {
      add({ id: "dapr:scheduler", label: ["scheduler", "Dapr Jobs API"], kind: "component" });
      link(`svc:${d.name}`, "dapr:scheduler", "jobs");
    }
  }
  const dedup = new Map(edges.map((e) => [`${e.from}>${e.to}`, e]));
  return {
    nodes: [...nodes.values()],
    edges: [...dedup.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to)),
  };
}

/** Only the event flow: services, topics and dead-letter topics, publish and subscribe edges. */
export function eventFlow(model: SystemModel): SystemModel {
  const keep = new Set(
    model.nodes
      .filter((n) => ["service", "topic", "dead-letter-topic"].includes(n.kind))
      .map((n) => n.id),
  );
  const nodes = model.nodes.filter((n) => keep.has(n.id)).map(({ parent: _parent, ...n }) => n);
  return {
    nodes,
    edges: model.edges.filter((e) => keep.has(e.from) && keep.has(e.to) && e.label !== "invokes"),
  };
}
