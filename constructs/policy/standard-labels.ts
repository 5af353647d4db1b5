/**
 * The Kubernetes recommended labels every workload carries; {@link StandardLabelsPolicy} requires
 * them, and the data stores' NetworkPolicies admit pods by `app.kubernetes.io/part-of`.
 */
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Context key holding the application name written as `app.kubernetes.io/part-of`. Set it on the
 * App (or on a stack before adding constructs) when one application spans several stacks:
 * `new App({ context: { [PART_OF_CONTEXT_KEY]: "shop" } })`.
 */
export const PART_OF_CONTEXT_KEY = "app.kubernetes.io/part-of";

/** Value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = "cdktf";

/** Label keys every workload must carry (checked by {@link StandardLabelsPolicy}). */
export const REQUIRED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
] as const;

/**
 * The application `scope` belongs to: the {@link PART_OF_CONTEXT_KEY} context value, else the id
 * of its stack. The stack id fails closed: without the context, a stack's Kafka and Redis admit
 * only pods of that same stack, never another application's.
 */
export function partOf(scope: IConstruct): string {
  const value: unknown = scope.node.tryGetContext(PART_OF_CONTEXT_KEY);
  if (value === undefined) return TerraformStack.of(scope).node.id;
  if (typeof value !== "string" || value === "")
    throw new Error(
      `context '${PART_OF_CONTEXT_KEY}' must be a non-empty string (the application name), got ${JSON.stringify(value)}`,
    );
  return value;
}

/**
 * The standard label set for one workload of `scope`'s application; {@link selectorLabels} is
 * the stable subset used by selectors.
 */
export function standardLabels(
  scope: IConstruct,
  name: string,
  component: string,
  version?: string,
): Record<string, string> {
  return {
    ...selectorLabels(name),
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": partOf(scope),
    "app.kubernetes.io/managed-by": MANAGED_BY,
    ...(version ? { "app.kubernetes.io/version": version } : {}),
  };
}

/** Labels that never change over a workload's life, so they are safe in immutable selectors. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}
