// Hand-maintained binding, see README.md: neon_database.
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NeonResource } from "./_resource.js";

export interface DatabaseConfig extends TerraformMetaArguments {
  readonly projectId: string;
  readonly branchId: string;
  readonly name: string;
  readonly ownerName: string;
}

export class Database extends NeonResource {
  static readonly tfResourceType = "neon_database";

  constructor(scope: Construct, id: string, config: DatabaseConfig) {
    const { projectId, branchId, name, ownerName, ...meta } = config;
    super(scope, id, Database.tfResourceType, { project_id: projectId, branch_id: branchId, name, owner_name: ownerName }, meta);
  }

  get name(): string {
    return this.getStringAttribute("name");
  }
}
