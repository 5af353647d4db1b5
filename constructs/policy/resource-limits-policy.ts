import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { workloadOf } from "./_workloads.js";

/** Fails synth when a container lacks CPU or memory limits (or requests). */
export class ResourceLimitsPolicy implements IAspect {
  visit(node: IConstruct): void {
    for (const container of workloadOf(node)?.containers ?? []) {
      const missing = [
        ...["cpu", "memory"]
          .filter((r) => !container.resources?.limits?.[r])
          .map((r) => `limits.${r}`),
        ...["cpu", "memory"]
          .filter((r) => !container.resources?.requests?.[r])
          .map((r) => `requests.${r}`),
      ];
      if (missing.length > 0)
        Annotations.of(node).addError(
          `container '${container.name}': resources ${missing.join(", ")} not set; every container needs requests and limits`,
        );
    }
  }
}
