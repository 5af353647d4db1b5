/**
 * The Terraform providers every stack pins: the single source of truth for provider sources
 * and versions. The bootstrap (testbed/terraform/terraform-providers.ts) builds exactly these
 * versions from source and `validate` runs against them, so a stack never declares a version
 * that was not validated here.
 *
 * The prebuilt cdktf bindings default to older pins (kubernetes 2.38.0, helm 3.1.1,
 * random 3.7.2, aws 6.25.0); {@link pinProviders} replaces those with the versions below.
 * Kubernetes 3.x only deprecates what 2.38 had, so the 2.38 bindings stay valid against it.
 */
import { Aspects, TerraformProvider, TerraformStack } from "cdktf";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/** A provider's fully qualified registry source and the exact version the stacks require. */
export interface ProviderPin {
  /** `namespace/type`: fully qualified so Terraform and OpenTofu resolve the same provider. */
  readonly source: string;
  /** Exact released version (no constraint operators). */
  readonly version: string;
}

/** Provider local name (as in `required_providers`) → pin. */
export const PROVIDERS = {
  kubernetes: { source: "hashicorp/kubernetes", version: "3.2.1" },
  helm: { source: "hashicorp/helm", version: "3.2.0" },
  random: { source: "hashicorp/random", version: "3.9.0" },
  tls: { source: "hashicorp/tls", version: "4.3.0" },
  time: { source: "hashicorp/time", version: "0.14.2" },
  aws: { source: "hashicorp/aws", version: "6.47.0" },
} as const satisfies Record<string, ProviderPin>;

/** Local name of a pinned provider (`"kubernetes"`, `"helm"`, ...). */
export type ProviderName = keyof typeof PROVIDERS;

/** True when `name` is one of the pinned providers. */
export function isPinnedProvider(name: string): name is ProviderName {
  return Object.hasOwn(PROVIDERS, name);
}

/**
 * Rewrites `terraform.required_providers` of `stack` so that every pinned provider the stack
 * actually configures requires its fully qualified source and exact version from
 * {@link PROVIDERS}. Providers that are not pinned here (e.g. generated bindings that carry
 * their own source) are left as they are.
 *
 * Runs as an Aspect, so it may be called before or after the providers are added.
 *
 * @example
 * ```ts
 * const stack = new TerraformStack(app, "shop");
 * pinProviders(stack);
 * new KubernetesProvider(stack, "kubernetes", {});
 * ```
 */
export function pinProviders(stack: TerraformStack): void {
  Aspects.of(stack).add(new ProviderPinning(stack));
}

class ProviderPinning implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformProvider)) return;
    // Aspects visit nested stacks' constructs too; pin only providers of this stack.
    if (TerraformStack.of(node) !== this.stack) return;
    const name = node.terraformResourceType;
    if (!isPinnedProvider(name)) return;
    const { source, version } = PROVIDERS[name];
    this.stack.addOverride(`terraform.required_providers.${name}`, { source, version });
  }
}
