import { Aspects } from "cdktf";
import type { IConstruct } from "constructs";
import { NonRootPolicy } from "./non-root-policy.js";
import { PinnedImagePolicy } from "./pinned-image-policy.js";
import { ResourceLimitsPolicy } from "./resource-limits-policy.js";
import { StandardLabelsPolicy } from "./standard-labels-policy.js";

/** Adds every workload policy to `scope`: synth fails on any violation below it. */
export function applyWorkloadPolicies(scope: IConstruct): void {
  for (const policy of [
    new PinnedImagePolicy(),
    new ResourceLimitsPolicy(),
    new StandardLabelsPolicy(),
    new NonRootPolicy(),
  ])
    Aspects.of(scope).add(policy);
}
