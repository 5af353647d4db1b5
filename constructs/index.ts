/**
 * CDK for Terraform constructs for Kafka, Postgres, Redis, Dapr and microservices on Kubernetes,
 * with policy Aspects. The AWS constructs are in the `./aws` entry point, so this one loads
 * without `@cdktf/provider-aws`.
 *
 * @packageDocumentation
 * @module constructs
 */
// Re-exports only, by name, so a helper exported for a sibling file never becomes public.

// Kafka
export type { IKafkaCluster, KafkaClusterAddTopicsOptions } from "./kafka/i-kafka-cluster.js";
export { DEAD_LETTER_SUFFIX, type KafkaTopicSpec } from "./kafka/kafka-topic-spec.js";
export { StrimziOperator, type StrimziOperatorProps } from "./kafka/strimzi-operator.js";
export {
  StrimziKafkaCluster,
  type StrimziKafkaClusterProps,
} from "./kafka/strimzi-kafka-cluster.js";
export {
  ExternalKafkaCluster,
  type KafkaClusterAttributes,
} from "./kafka/external-kafka-cluster.js";

// Postgres
export type { IPostgresDatabase } from "./postgres/i-postgres-database.js";
export {
  ExternalPostgresDatabase,
  type PostgresDatabaseAttributes,
} from "./postgres/external-postgres-database.js";
export {
  CloudNativePgOperator,
  type CloudNativePgOperatorProps,
} from "./postgres/cloud-native-pg-operator.js";
export {
  CloudNativePgDatabase,
  type CloudNativePgDatabaseProps,
} from "./postgres/cloud-native-pg-database.js";
export { NeonPostgres, type NeonPostgresProps } from "./postgres/neon-postgres.js";
export { NeonProvider, type NeonProviderConfig } from "./postgres/.gen/neon/provider.js";
export * as neon from "./postgres/.gen/neon/index.js";

// Redis
export type { IRedisCache } from "./redis/i-redis-cache.js";
export { ExternalRedisCache, type RedisCacheAttributes } from "./redis/external-redis-cache.js";
export { InClusterRedis, type InClusterRedisProps } from "./redis/in-cluster-redis.js";

// Dapr: each resource as a construct (Kubernetes) and as a pure document builder (the same
// value, for `daprd --resources-path` on one machine)
export { DaprControlPlane, type DaprControlPlaneProps } from "./dapr/dapr-control-plane.js";
export {
  DaprResource,
  type DaprDocumentPlacement,
  type DaprMetadataValue,
  type DaprResourceDocument,
  type DaprResourceProps,
} from "./dapr/dapr-resource.js";
export {
  DaprComponent,
  daprComponentDocument,
  type DaprComponentDocumentOptions,
  type DaprComponentProps,
} from "./dapr/dapr-component.js";
export {
  KafkaPubSub,
  kafkaPubSubDocument,
  type KafkaPubSubDocumentOptions,
  type KafkaPubSubProps,
} from "./dapr/kafka-pub-sub.js";
export {
  RedisStateStore,
  redisStateStoreConnection,
  redisStateStoreDocument,
  type RedisStateStoreDocumentOptions,
  type RedisStateStoreProps,
} from "./dapr/redis-state-store.js";
export {
  KubernetesSecretStore,
  kubernetesSecretStoreDocument,
  type KubernetesSecretStoreDocumentOptions,
  type KubernetesSecretStoreProps,
} from "./dapr/kubernetes-secret-store.js";
export {
  CronBinding,
  cronBindingDocument,
  type CronBindingDocumentOptions,
  type CronBindingProps,
} from "./dapr/cron-binding.js";
export {
  HttpOutputBinding,
  httpOutputBindingDocument,
  type HttpOutputBindingDocumentOptions,
  type HttpOutputBindingProps,
} from "./dapr/http-output-binding.js";
export {
  DaprResiliency,
  daprResiliencyDocument,
  daprResiliencySpec,
  type DaprResiliencyDocumentOptions,
  type DaprResiliencyProps,
  type DaprResiliencySpecOptions,
} from "./dapr/dapr-resiliency.js";
export {
  daprAppHealthCheckAnnotations,
  daprAppHealthCheckFlags,
  type DaprAppHealthCheck,
} from "./dapr/dapr-app-health-check.js";
export {
  DaprSubscription,
  daprSubscriptionDocument,
  type DaprSubscriptionDocumentOptions,
  type DaprSubscriptionProps,
} from "./dapr/dapr-subscription.js";
export {
  DaprConfiguration,
  daprConfigurationDocument,
  type DaprConfigurationDocumentOptions,
  type DaprConfigurationProps,
} from "./dapr/dapr-configuration.js";

// Service
export {
  Microservice,
  type MicroserviceAllowFromOptions,
  type MicroserviceProps,
} from "./service/microservice.js";

// Helm charts and operators a platform team installs
export { CHARTS, type ChartName, type ChartRef } from "./helm/charts.js";
export type { ChartSource } from "./helm/chart-source.js";
export { RequiredCrds, type RequiredCrdsProps } from "./kubernetes/required-crds.js";

// Observability
export { Observability, type ObservabilityProps } from "./observability/observability.js";
export type {
  PrometheusAlertRule,
  PrometheusRuleGroup,
} from "./observability/prometheus-rule-group.js";

// Policy: Aspects, the labels they require, provider pinning
export { PinnedImagePolicy } from "./policy/pinned-image-policy.js";
export { ResourceLimitsPolicy } from "./policy/resource-limits-policy.js";
export { StandardLabelsPolicy } from "./policy/standard-labels-policy.js";
export { NonRootPolicy } from "./policy/non-root-policy.js";
export { applyWorkloadPolicies } from "./policy/workload-policies.js";
export {
  MANAGED_BY,
  PART_OF_CONTEXT_KEY,
  REQUIRED_LABELS,
  partOf,
  selectorLabels,
  standardLabels,
} from "./policy/standard-labels.js";
export {
  PROVIDERS,
  pinProviders,
  type ProviderName,
  type ProviderPin,
} from "./policy/provider-versions.js";
