/**
 * Every Helm chart the platform installs, pinned to an exact version in one place.
 * @internal
 */
export interface ChartRef {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

export const CHARTS = {
  /** Matches the reference values in ../shared/reference/strimzi-1.2.0 (Kafka 4.2.x / 4.3.x). */
  strimzi: {
    repository: "oci://quay.io/strimzi-helm",
    chart: "strimzi-kafka-operator",
    version: "1.2.0",
  },
  /** Matches the reference values in ../shared/reference/dapr-1.18.3 (Jobs API stable). */
  dapr: { repository: "https://dapr.github.io/helm-charts", chart: "dapr", version: "1.18.3" },
  /** CloudNativePG operator 1.30.0. */
  cloudNativePg: {
    repository: "https://cloudnative-pg.github.io/charts",
    chart: "cloudnative-pg",
    version: "0.29.0",
  },
  prometheus: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "27.39.0",
  },
  openTelemetryCollector: {
    repository: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-collector",
    version: "0.136.1",
  },
  jaeger: {
    repository: "https://jaegertracing.github.io/helm-charts",
    chart: "jaeger",
    version: "3.4.1",
  },
} as const satisfies Record<string, ChartRef>;

/** Container images the constructs run directly (not through a chart), pinned. */
export const IMAGES = {
  /** Valkey: the Linux Foundation fork maintained upstream since Redis' licence change. */
  valkey: "docker.io/valkey/valkey:8.1.4",
  /** Apache Kafka's official image, same version the test broker runs; used for topic provisioning jobs. */
  kafka: "docker.io/apache/kafka:4.3.1",
} as const;
