import { Testing } from "cdktf";
import type { PrometheusRuleGroup } from "../../constructs/index.js";
import { dev } from "../../environments/dev.js";
import { createEnvironmentStacks } from "../../stacks/environment-stacks.js";
import { resourcesOf, synthJson } from "../synth/synth-helpers.js";

/** `alerting_rules.yml` as the dev platform stack hands it to the Prometheus chart. */
export function synthesizedAlertRules(): { groups: PrometheusRuleGroup[] } {
  const { platform } = createEnvironmentStacks(Testing.app(), dev);
  const prometheus = resourcesOf(synthJson(platform), "helm_release").find(
    (r) => r.chart === "prometheus",
  );
  if (!prometheus) throw new Error("the dev platform stack installs no Prometheus");
  return JSON.parse(prometheus.values[0]).serverFiles["alerting_rules.yml"];
}
