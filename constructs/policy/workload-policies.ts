import { Aspects } from "cdktf";
import type { IConstruct } from "constructs";
import { NonRootPolicy } from "./non-root-policy";
import { PinnedImagePolicy } from "./pinned-image-policy";
import { ResourceLimitsPolicy } from "./resource-limits-policy";
import { StandardLabelsPolicy } from "./standard-labels-policy";

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
