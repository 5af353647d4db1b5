// The same consumer app in TypeScript (strict, moduleResolution NodeNext): compiled by tsc
// against the installed package's declarations, then run like main.mjs.
import { App, LocalBackend, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider/index.js";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider/index.js";
import { RandomProvider } from "@cdktf/provider-random/lib/provider/index.js";
import {
  CloudNativePgDatabase,
  CloudNativePgOperator,
  DaprConfiguration,
  DaprControlPlane,
  DaprResiliency,
  DaprSubscription,
  ExternalRedisCache,
  InClusterRedis,
  KafkaPubSub,
  Microservice,
  PART_OF_CONTEXT_KEY,
  RedisStateStore,
  StrimziKafkaCluster,
  StrimziOperator,
  applyWorkloadPolicies,
  pinProviders,
  type IKafkaCluster,
  type KafkaTopicSpec,
  type MicroserviceProps,
} from "@todo-platform/constructs";

const namespace = "shop";
const kubeconfig = { configPath: "~/.kube/config" };
const app = new App({ context: { [PART_OF_CONTEXT_KEY]: "shop" } });

const platform = new TerraformStack(app, "shop-platform");
new LocalBackend(platform, { path: "shop-platform.tfstate" });
new KubernetesProvider(platform, "kubernetes", kubeconfig);
new HelmProvider(platform, "helm", { kubernetes: kubeconfig });
pinProviders(platform);
new DaprControlPlane(platform, "Dapr", { ha: false, mtls: true });
new StrimziOperator(platform, "Strimzi", { watchNamespaces: [namespace] });
new CloudNativePgOperator(platform, "CloudNativePg");

const workloads = new TerraformStack(app, "shop-workloads");
new LocalBackend(workloads, { path: "shop-workloads.tfstate" });
new KubernetesProvider(workloads, "kubernetes", kubeconfig);
new RandomProvider(workloads, "random");
pinProviders(workloads);
applyWorkloadPolicies(workloads);
workloads.addDependency(platform);

const kafka: IKafkaCluster = new StrimziKafkaCluster(workloads, "Kafka", {
  namespace,
  version: "4.3.1",
  brokers: 1,
});
const topics: KafkaTopicSpec[] = [
  {
    name: "orders",
    partitions: 3,
    replicationFactor: 1,
    retentionHours: 72,
    deadLetterRetentionHours: 336,
  },
];
kafka.addTopics(workloads, "Topics", { topics, namespace });
const postgres = new CloudNativePgDatabase(workloads, "Postgres", {
  namespace,
  databaseName: "orders",
});
const redis = new InClusterRedis(workloads, "Redis", { namespace });

new KafkaPubSub(workloads, "PubSub", { namespace, kafka, scopes: ["orders"] });
new RedisStateStore(workloads, "State", { namespace, redis, scopes: ["orders"] });
// A cache that exists already, imported by its attributes (Kafka and Postgres alike:
// ExternalKafkaCluster.fromAttributes, ExternalPostgresDatabase.fromAttributes).
const sessions = ExternalRedisCache.fromAttributes({
  endpoint: "sessions.cache.example.com:6379",
  passwordSecretName: "sessions-redis",
});
new RedisStateStore(workloads, "Sessions", {
  namespace,
  redis: sessions,
  scopes: ["orders"],
  name: "sessions",
  actorStateStore: false,
});
new DaprResiliency(workloads, "Resiliency", {
  namespace,
  scopes: ["orders"],
  invokedApps: [],
  pubsubNames: ["pubsub"],
});
new DaprSubscription(workloads, "Orders", {
  namespace,
  topic: "orders",
  pubsubName: "pubsub",
  app: "orders",
});
new DaprConfiguration(workloads, "Config", { namespace, name: "orders-config" });

const props: MicroserviceProps = {
  namespace,
  image: "ghcr.io/acme/orders:1.0.0",
  daprConfig: "orders-config",
  env: { DATABASE_NAME: postgres.databaseName },
};
const orders = new Microservice(workloads, "orders", props);
orders.grantReadSecrets([redis.passwordSecretName, sessions.passwordSecretName]);

app.synth();
