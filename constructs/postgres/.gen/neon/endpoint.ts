// Hand-maintained binding, see README.md: neon_endpoint.
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { NeonResource } from "./_resource.js";

export interface EndpointConfig extends TerraformMetaArguments {
  readonly projectId: string;
  readonly branchId: string;
  /** "read_write" | "read_only" */
  readonly type?: string;
  readonly autoscalingLimitMinCu?: number;
  readonly autoscalingLimitMaxCu?: number;
  readonly suspendTimeoutSeconds?: number;
  readonly poolerEnabled?: boolean;
}

export class Endpoint extends NeonResource {
  static readonly tfResourceType = "neon_endpoint";

  constructor(scope: Construct, id: string, config: EndpointConfig) {
    const { projectId, branchId, type, autoscalingLimitMinCu, autoscalingLimitMaxCu, suspendTimeoutSeconds, poolerEnabled, ...meta } =
      config;
    super(
      scope,
      id,
      Endpoint.tfResourceType,
      {
        project_id: projectId,
        branch_id: branchId,
        type,
        autoscaling_limit_min_cu: autoscalingLimitMinCu,
        autoscaling_limit_max_cu: autoscalingLimitMaxCu,
        suspend_timeout_seconds: suspendTimeoutSeconds,
        pooler_enabled: poolerEnabled,
      },
      meta,
    );
  }

  get host(): string {
    return this.getStringAttribute("host");
  }
}
