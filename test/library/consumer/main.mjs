// A consumer's cdktf app in plain Node ESM JavaScript, as README "Use the constructs in your
// repository" shows it: test/library/package.int.test.ts installs the packed library and its
// peers in a scratch project, runs this file, and validates what it synthesizes.
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
} from "@todo-platform/constructs";

const namespace = "shop";
const kubeconfig = { configPath: "~/.kube/config" };
const app = new App({ context: { [PART_OF_CONTEXT_KEY]: "shop" } });

// Operators and control planes first: they install the CRDs the second stack's resources use.
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

const kafka = new StrimziKafkaCluster(workloads, "Kafka", {
  namespace,
  version: "4.3.1",
  brokers: 1,
});
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
});
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

const orders = new Microservice(workloads, "orders", {
  namespace,
  image: "ghcr.io/acme/orders:1.0.0",
  daprConfig: "orders-config",
  env: { DATABASE_NAME: postgres.databaseName },
});
orders.grantReadSecrets([redis.passwordSecretName, sessions.passwordSecretName]);

app.synth();
