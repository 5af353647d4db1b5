import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { workloadOf } from "./_workloads.js";

const isTrue = (v: unknown) => v === true || v === "true";

/**
 * Fails synth on privileged containers, privilege escalation, or containers that may run as root
 * (neither the pod nor the container sets runAsNonRoot, or runAsUser is 0).
 */
export class NonRootPolicy implements IAspect {
  visit(node: IConstruct): void {
    const workload = workloadOf(node);
    if (!workload) return;
    const pod = workload.podSecurityContext;
    for (const container of workload.containers) {
      const sc = container.securityContext ?? {};
      const problems: string[] = [];
      if (isTrue(sc.privileged)) problems.push("is privileged");
      if (sc.allowPrivilegeEscalation === undefined || isTrue(sc.allowPrivilegeEscalation))
        problems.push("allows privilege escalation (set allowPrivilegeEscalation: false)");
      if (!isTrue(sc.runAsNonRoot ?? pod.runAsNonRoot))
        problems.push("may run as root (set runAsNonRoot: true)");
      if (String(sc.runAsUser ?? pod.runAsUser) === "0") problems.push("runs as uid 0");
      if (problems.length > 0)
        Annotations.of(node).addError(`container '${container.name}' ${problems.join("; ")}`);
    }
  }
}
