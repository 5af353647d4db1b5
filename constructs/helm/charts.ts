/** A Helm chart at one exact version, as `helm_release` installs it. */
export interface ChartRef {
  /** The chart's public repository (`https://...` or `oci://...`). */
  readonly repository: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
}

/**
 * Every Helm chart the constructs install, pinned to the exact version they are tested with:
 * `dapr` ({@link DaprControlPlane}), `strimzi` ({@link StrimziOperator}), `cloudNativePg`
 * ({@link CloudNativePgOperator}), and `prometheus`, `openTelemetryCollector` and `jaeger`
 * ({@link Observability}). A mirror or chart directory given as a {@link ChartSource} must hold
 * the same chart name and version; read them here, e.g. to fill a mirror or to name the operator
 * a platform team must preinstall.
 */
export const CHARTS = {
  /** Strimzi 1.2.0 (Kafka 4.2.x and 4.3.x). */
  strimzi: {
    repository: "oci://quay.io/strimzi-helm",
    chart: "strimzi-kafka-operator",
    version: "1.2.0",
  },
  /** Dapr 1.18.3 (Jobs API stable). */
  dapr: { repository: "https://dapr.github.io/helm-charts", chart: "dapr", version: "1.18.3" },
  /** CloudNativePG operator 1.30.0. */
  cloudNativePg: {
    repository: "https://cloudnative-pg.github.io/charts",
    chart: "cloudnative-pg",
    version: "0.29.0",
  },
  /** Prometheus server. */
  prometheus: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "27.39.0",
  },
  /** OpenTelemetry collector. */
  openTelemetryCollector: {
    repository: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-collector",
    version: "0.136.1",
  },
  /** Jaeger, the trace backend. */
  jaeger: {
    repository: "https://jaegertracing.github.io/helm-charts",
    chart: "jaeger",
    version: "3.4.1",
  },
} as const satisfies Record<string, ChartRef>;

/** The name of a chart in {@link CHARTS}. */
export type ChartName = keyof typeof CHARTS;
