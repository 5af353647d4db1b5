import { Release, type ReleaseConfig } from "@cdktf/provider-helm/lib/release/index.js";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { CHARTS } from "../helm/charts.js";
import {
  alertingRulesFile,
  validateRuleGroups,
  type PrometheusRuleGroup,
} from "./prometheus-rule-group.js";
import { releaseNamespace } from "../_internal/release-namespace.js";
import { chartArguments, type ChartSource } from "../helm/chart-source.js";

export interface ObservabilityProps {
  /** @default "observability" - Microservice NetworkPolicies admit scrapes from this namespace */
  readonly namespace?: string;
  /** @default 15 */
  readonly metricsRetentionDays?: number;
  /** @default 10 */
  readonly metricsStorageGiB?: number;
  /** Alerting rules Prometheus evaluates (more with `addAlertRules`). @default - none */
  readonly alertRuleGroups?: readonly PrometheusRuleGroup[];
  /** Chart sources of the three releases. @default - each chart's public repository */
  readonly charts?: {
    readonly jaeger?: ChartSource;
    readonly openTelemetryCollector?: ChartSource;
    readonly prometheus?: ChartSource;
  };
}

/**
 * Scrapes every Dapr sidecar on its `dapr-metrics` container port: a pod's `prometheus.io/port`
 * annotation can name only one port, and the services' annotations name their own.
 */
const DAPR_SIDECAR_SCRAPE = `- job_name: dapr-sidecars
  kubernetes_sd_configs:
    - role: pod
  relabel_configs:
    - source_labels: [__meta_kubernetes_pod_annotation_dapr_io_enabled]
      regex: "true"
      action: keep
    - source_labels: [__meta_kubernetes_pod_container_port_name]
      regex: dapr-metrics
      action: keep
    - source_labels: [__meta_kubernetes_namespace]
      target_label: namespace
    - source_labels: [__meta_kubernetes_pod_name]
      target_label: pod
`;

/**
 * Metrics, traces and logs for the platform: Prometheus scraping pods annotated
 * `prometheus.io/scrape` (services and Dapr sidecars), an OpenTelemetry collector receiving
 * OTLP from the services and Dapr, and Jaeger as the trace backend. Logs are structured JSON on
 * stdout (services and `dapr.io/log-as-json`), collected by the cluster's log pipeline.
 * Alerting rules are loaded into Prometheus as `alerting_rules.yml`; route them with an
 * Alertmanager of your own (none is installed).
 */
export class Observability extends Construct {
  readonly namespace: string;
  /** OTLP/gRPC endpoint (`host:port`) for Dapr's Configuration and the services. */
  readonly otlpEndpoint: string;
  readonly releases: Release[];
  private readonly ruleGroups: PrometheusRuleGroup[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? "observability";
    this.addAlertRules(...(props.alertRuleGroups ?? []));
    const namespace = releaseNamespace(this, this.namespace);
    /** Release `name` of `chart` (from where props.charts says) into the namespace, atomic. */
    const release = (
      releaseId: string,
      name: string,
      chart: keyof NonNullable<ObservabilityProps["charts"]>,
      config: Pick<ReleaseConfig, "values" | "dependsOn">,
    ) =>
      new Release(this, releaseId, {
        name,
        ...chartArguments(this, CHARTS[chart], props.charts?.[chart]),
        namespace,
        atomic: true,
        wait: true,
        ...config,
      });
    const jaeger = release("Jaeger", "jaeger", "jaeger", {
      values: [
        JSON.stringify({
          provisionDataStore: { cassandra: false },
          allInOne: {
            enabled: true,
            resources: {
              requests: { cpu: "100m", memory: "256Mi" },
              limits: { cpu: "500m", memory: "512Mi" },
            },
          },
          storage: { type: "memory" },
          agent: { enabled: false },
          collector: { enabled: false },
          query: { enabled: false },
        }),
      ],
    });
    const collector = release("OtelCollector", "otel-collector", "openTelemetryCollector", {
      dependsOn: [jaeger],
      values: [
        JSON.stringify({
          mode: "deployment",
          fullnameOverride: "otel-collector",
          image: { repository: "otel/opentelemetry-collector-contrib" },
          resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
          },
          config: {
            exporters: {
              "otlp/jaeger": {
                endpoint: `jaeger-collector.${this.namespace}.svc:4317`,
                tls: { insecure: true },
              },
            },
            service: { pipelines: { traces: { exporters: ["otlp/jaeger"] } } },
          },
        }),
      ],
    });
    const prometheus = release("Prometheus", "prometheus", "prometheus", {
      values: [
        // Lazy: rule groups added after construction are still emitted.
        Lazy.stringValue({
          produce: () =>
            JSON.stringify({
              alertmanager: { enabled: false },
              "prometheus-pushgateway": { enabled: false },
              server: {
                retention: `${props.metricsRetentionDays ?? 15}d`,
                persistentVolume: { size: `${props.metricsStorageGiB ?? 10}Gi` },
                resources: {
                  requests: { cpu: "200m", memory: "512Mi" },
                  limits: { cpu: "1000m", memory: "1Gi" },
                },
              },
              serverFiles: { "alerting_rules.yml": alertingRulesFile(this.ruleGroups) },
              extraScrapeConfigs: DAPR_SIDECAR_SCRAPE,
            }),
        }),
      ],
    });
    this.releases = [jaeger, collector, prometheus];
    this.otlpEndpoint = `otel-collector.${this.namespace}.svc:4317`;
  }

  /** Adds alerting rule groups; fails on a rule Prometheus would refuse or without a runbook. */
  addAlertRules(...groups: PrometheusRuleGroup[]): void {
    validateRuleGroups([...this.ruleGroups, ...groups]);
    this.ruleGroups.push(...groups);
  }
}
