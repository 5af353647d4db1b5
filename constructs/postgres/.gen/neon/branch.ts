// Hand-maintained binding, see README.md: neon_branch.
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NeonResource } from "./_resource.js";

export interface BranchConfig extends TerraformMetaArguments {
  readonly projectId: string;
  readonly name?: string;
  readonly parentId?: string;
  /** "yes" | "no" */
  readonly protected?: string;
}

export class Branch extends NeonResource {
  static readonly tfResourceType = "neon_branch";

  constructor(scope: Construct, id: string, config: BranchConfig) {
    const { projectId, name, parentId, protected: isProtected, ...meta } = config;
    super(
      scope,
      id,
      Branch.tfResourceType,
      { project_id: projectId, name, parent_id: parentId, protected: isProtected },
      meta,
    );
  }
}
