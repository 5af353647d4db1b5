import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { Observability } from "./observability.js";

describe("Observability", () => {
  it("installs Prometheus, an OpenTelemetry collector and Jaeger from pinned charts in 'observability'", () => {
    const stack = testStack();
    const observability = new Observability(stack, "Observability");
    const releases = resourcesOf(synthJson(stack), "helm_release");
    expect(releases.map((r) => r.chart).sort()).toEqual([
      "jaeger",
      "opentelemetry-collector",
      "prometheus",
    ]);
    for (const release of releases) {
      expect(release.namespace).toBe("observability");
      expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(observability.otlpEndpoint).toBe("otel-collector.observability.svc:4317");
  });

  it("exports traces from the collector to Jaeger", () => {
    const stack = testStack();
    new Observability(stack, "Observability");
    const collector = resourcesOf(synthJson(stack), "helm_release").find(
      (r) => r.chart === "opentelemetry-collector",
    )!;
    const values = JSON.parse(collector.values[0]);
    expect(values.config.exporters["otlp/jaeger"].endpoint).toBe(
      "jaeger-collector.observability.svc:4317",
    );
    expect(values.config.service.pipelines.traces.exporters).toEqual(["otlp/jaeger"]);
  });

  it("keeps 15 days of metrics by default", () => {
    const stack = testStack();
    new Observability(stack, "Observability");
    const prometheus = resourcesOf(synthJson(stack), "helm_release").find(
      (r) => r.chart === "prometheus",
    )!;
    expect(JSON.parse(prometheus.values[0]).server.retention).toBe("15d");
  });
});
