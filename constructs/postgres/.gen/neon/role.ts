// Hand-maintained binding, see README.md: neon_role.
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NeonResource } from "./_resource.js";

export interface RoleConfig extends TerraformMetaArguments {
  readonly projectId: string;
  readonly branchId: string;
  readonly name: string;
}

export class Role extends NeonResource {
  static readonly tfResourceType = "neon_role";

  constructor(scope: Construct, id: string, config: RoleConfig) {
    const { projectId, branchId, name, ...meta } = config;
    super(scope, id, Role.tfResourceType, { project_id: projectId, branch_id: branchId, name }, meta);
  }

  get name(): string {
    return this.getStringAttribute("name");
  }

  /** Sensitive in the provider schema: only ever flows into a Kubernetes Secret. */
  get password(): string {
    return this.getStringAttribute("password");
  }
}
