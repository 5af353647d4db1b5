/**
 * The README's construct example, compiled and synthesized by the unit tests
 * (docs/examples/compose-a-stack.test.ts) so it cannot drift from the library.
 * Two stacks, as the environment stacks do: operators first, their custom resources after.
 */
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import {
  CloudNativePgDatabase,
  CloudNativePgOperator,
  CronBinding,
  DaprConfiguration,
  DaprControlPlane,
  DaprResiliency,
  DaprSubscription,
  InClusterRedis,
  KafkaPubSub,
  Observability,
  RedisStateStore,
  StrimziKafkaCluster,
  StrimziOperator,
  Microservice,
  applyWorkloadPolicies,
  pinProviders,
} from "../../constructs/index.js";

export function composeStacks(app: App): { platform: TerraformStack; workloads: TerraformStack } {
  const namespace = "shop";

  // Stack 1: operators and control planes (they install the CRDs).
  const platform = new TerraformStack(app, "shop-platform");
  new LocalBackend(platform, { path: "shop-platform.tfstate" });
  new KubernetesProvider(platform, "kubernetes", { configPath: "~/.kube/config" });
  new HelmProvider(platform, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  pinProviders(platform);
  const ns = new NamespaceV1(platform, "Namespace", { metadata: { name: namespace } });
  new DaprControlPlane(platform, "Dapr", { ha: true, mtls: true });
  new StrimziOperator(platform, "Strimzi", { watchNamespaces: [namespace], dependsOn: [ns] });
  new CloudNativePgOperator(platform, "CloudNativePG");
  new Observability(platform, "Observability");

  // Stack 2: the custom resources and workloads, planned after stack 1 is applied.
  const workloads = new TerraformStack(app, "shop-workloads");
  new LocalBackend(workloads, { path: "shop-workloads.tfstate" });
  new KubernetesProvider(workloads, "kubernetes", { configPath: "~/.kube/config" });
  new RandomProvider(workloads, "random");
  pinProviders(workloads);
  workloads.addDependency(platform);

  const kafka = new StrimziKafkaCluster(workloads, "Kafka", { namespace, version: "4.3.1" });
  kafka.addTopics(workloads, "Topics", {
    topics: [
      {
        name: "orders",
        partitions: 3,
        replicationFactor: 1,
        retentionHours: 72,
        deadLetterRetentionHours: 336,
      },
    ],
    namespace,
  }); // also creates orders.dlt
  const postgres = new CloudNativePgDatabase(workloads, "Postgres", { namespace });
  const redis = new InClusterRedis(workloads, "Redis", { namespace });

  const app_ = "orders";
  new KafkaPubSub(workloads, "PubSub", { namespace, kafka, scopes: [app_] });
  new RedisStateStore(workloads, "State", { namespace, redis, scopes: [app_] });
  new CronBinding(workloads, "Sweep", {
    name: "sweep",
    namespace,
    schedule: "@every 30s",
    app: app_,
  });
  new DaprResiliency(workloads, "Resiliency", {
    namespace,
    scopes: [app_],
    invokedApps: [],
    pubsubNames: ["pubsub"],
  });
  new DaprSubscription(workloads, "OrdersSubscription", {
    namespace,
    topic: "orders",
    pubsubName: "pubsub",
    app: app_,
    deadLetterTopic: "orders.dlt",
  });
  new DaprConfiguration(workloads, "Config", { namespace, name: app_ });

  const service = new Microservice(workloads, "orders", {
    namespace,
    image: "ghcr.io/acme/orders:1.0.0",
  });
  service.allowFrom({ namespace: "ingress-nginx" });
  void postgres.connectionUri; // hand this to a Secret the service reads

  applyWorkloadPolicies(workloads); // fails synth on latest tags, missing limits/labels, root
  return { platform, workloads };
}
