import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { Observability } from "./observability.js";

/** The Helm values of the `chart` release synthesized in `stack`. */
const valuesOf = (stack: ReturnType<typeof testStack>, chart: string) =>
  JSON.parse(
    resourcesOf(synthJson(stack), "helm_release").find((r) => r.chart === chart)!.values[0],
  );

/** A test stack holding an Observability with every default. */
function withDefaults(): ReturnType<typeof testStack> {
  const stack = testStack();
  new Observability(stack, "Observability");
  return stack;
}

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
      expect(release.namespace).toMatch(
        /^\$\{kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name\}$/,
      );
      expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(observability.otlpEndpoint).toBe("otel-collector.observability.svc:4317");
  });

  it("exports traces from the collector to Jaeger", () => {
    const values = valuesOf(withDefaults(), "opentelemetry-collector");
    expect(values.config.exporters["otlp/jaeger"].endpoint).toBe(
      "jaeger-collector.observability.svc:4317",
    );
    expect(values.config.service.pipelines.traces.exporters).toEqual(["otlp/jaeger"]);
  });

  it("keeps 15 days of metrics by default", () => {
    expect(valuesOf(withDefaults(), "prometheus").server.retention).toBe("15d");
  });
});

describe("Observability alert rules", () => {
  const rule = (alert: string, runbook = `runbook#${alert}`) => ({
    alert,
    expr: "up == 0",
    for: "5m",
    labels: { severity: "page" as const },
    annotations: { summary: "down", runbook_url: runbook },
  });

  it("loads no alerting rules by default", () => {
    expect(valuesOf(withDefaults(), "prometheus").serverFiles["alerting_rules.yml"]).toEqual({
      groups: [],
    });
  });

  it("emits the rule groups of its props and of addAlertRules as alerting_rules.yml", () => {
    const stack = testStack();
    const observability = new Observability(stack, "Observability", {
      alertRuleGroups: [{ name: "a", rules: [rule("First")] }],
    });
    observability.addAlertRules({ name: "b", rules: [rule("Second")] });
    const groups = valuesOf(stack, "prometheus").serverFiles["alerting_rules.yml"].groups;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(["a", "b"]);
    expect(groups[1].rules[0]).toEqual(rule("Second"));
  });

  it("scrapes every Dapr sidecar on its dapr-metrics port", () => {
    const scrape = valuesOf(withDefaults(), "prometheus").extraScrapeConfigs as string;
    expect(scrape).toMatch(/job_name: dapr-sidecars/);
    expect(scrape).toMatch(/__meta_kubernetes_pod_container_port_name\]\n\s+regex: dapr-metrics/);
  });

  it("fails when an alert has no runbook, a bad name, a bad duration or a name used twice", () => {
    const make = (rules: ReturnType<typeof rule>[]) => () =>
      new Observability(testStack(), "Observability", { alertRuleGroups: [{ name: "g", rules }] });
    expect(make([rule("NoRunbook", "")])).toThrow(
      "alert rule 'NoRunbook' (group 'g'): annotations.runbook_url is required",
    );
    expect(make([rule("bad-name")])).toThrow(/the alert name must match/);
    expect(make([{ ...rule("Slow"), for: "five minutes" }])).toThrow(
      "alert rule 'Slow' (group 'g'): for 'five minutes' is not a Prometheus duration such as 5m",
    );
    expect(make([rule("Twice"), rule("Twice")])).toThrow(/the alert name is used twice/);
  });
});
