// Hand-maintained binding, see README.md: neon_project (subset of optional arguments).
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NeonResource } from "./_resource.js";

export interface ProjectConfig extends TerraformMetaArguments {
  readonly name?: string;
  readonly regionId?: string;
  readonly pgVersion?: number;
  readonly historyRetentionSeconds?: number;
  /** "yes" | "no" (the provider types booleans of neon_project as strings). */
  readonly storePassword?: string;
  readonly defaultEndpointSettings?: {
    readonly autoscalingLimitMinCu?: number;
    readonly autoscalingLimitMaxCu?: number;
    readonly suspendTimeoutSeconds?: number;
  };
}

export class Project extends NeonResource {
  static readonly tfResourceType = "neon_project";

  constructor(scope: Construct, id: string, config: ProjectConfig) {
    const { name, regionId, pgVersion, historyRetentionSeconds, storePassword, defaultEndpointSettings, ...meta } =
      config;
    super(
      scope,
      id,
      Project.tfResourceType,
      {
        name,
        region_id: regionId,
        pg_version: pgVersion,
        history_retention_seconds: historyRetentionSeconds,
        store_password: storePassword,
        default_endpoint_settings: defaultEndpointSettings && {
          autoscaling_limit_min_cu: defaultEndpointSettings.autoscalingLimitMinCu,
          autoscaling_limit_max_cu: defaultEndpointSettings.autoscalingLimitMaxCu,
          suspend_timeout_seconds: defaultEndpointSettings.suspendTimeoutSeconds,
        },
      },
      meta,
    );
  }

  get defaultBranchId(): string {
    return this.getStringAttribute("default_branch_id");
  }
}
