/**
 * The Kubernetes recommended labels every workload carries; the policy Aspect requires them.
 * @internal
 */
export const PART_OF = "todo-platform";
export const MANAGED_BY = "cdktf";

/** Label keys every workload must carry (checked by {@link StandardLabelsPolicy}). */
export const REQUIRED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
] as const;

/** The standard label set for one workload; `selectorLabels` is the stable subset used by selectors. */
export function standardLabels(
  name: string,
  component: string,
  version?: string,
): Record<string, string> {
  return {
    ...selectorLabels(name),
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
    ...(version ? { "app.kubernetes.io/version": version } : {}),
  };
}

/** Labels that never change over a workload's life, so they are safe in immutable selectors. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}
