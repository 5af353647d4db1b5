import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { REQUIRED_LABELS } from "./standard-labels.js";
import { workloadOf } from "./_workloads.js";

/** Fails synth when a workload or its pod template lacks one of the standard `app.kubernetes.io/*` labels. */
export class StandardLabelsPolicy implements IAspect {
  visit(node: IConstruct): void {
    const workload = workloadOf(node);
    if (!workload) return;
    for (const [where, labels] of [
      ["metadata", workload.labels],
      ["pod template", workload.podLabels],
    ] as const) {
      const missing = REQUIRED_LABELS.filter((key) => !labels[key]);
      if (missing.length > 0)
        Annotations.of(node).addError(
          `${where} is missing the standard label(s) ${missing.join(", ")}`,
        );
    }
  }
}
