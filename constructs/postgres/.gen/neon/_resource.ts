// Hand-maintained binding helper, see README.md.
import { TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NEON_PROVIDER_VERSION } from "./provider.js";

/** Base of the hand-written Neon resources: attributes are synthesized from a snake_case map. */
export abstract class NeonResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    type: string,
    private readonly attributes: Record<string, unknown>,
    meta: TerraformMetaArguments,
  ) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: "neon", providerVersion: NEON_PROVIDER_VERSION },
      ...meta,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.attributes).filter(([, v]) => v !== undefined));
  }

  get id(): string {
    return this.getStringAttribute("id");
  }
}
