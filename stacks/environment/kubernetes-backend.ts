/**
 * Terraform's `kubernetes` backend, for which cdktf 0.21 has no class: state in a Secret
 * `tfstate-<workspace>-<secret_suffix>` of the cluster, locked with a Lease.
 */
import { TerraformBackend, TerraformRemoteState, type DataTerraformRemoteStateConfig } from "cdktf";
import type { Construct } from "constructs";

export interface KubernetesBackendConfig {
  /** Names the state's Secret: `tfstate-default-<secretSuffix>`. */
  readonly secretSuffix: string;
  /** Namespace of the Secret; it must exist before `terraform init`. */
  readonly namespace: string;
  /** kubeconfig file; @default - KUBE_CONFIG_PATH */
  readonly configPath?: string;
  /** kubeconfig context; @default - its current context */
  readonly configContext?: string;
}

const attributes = (config: KubernetesBackendConfig) => ({
  secret_suffix: config.secretSuffix,
  namespace: config.namespace,
  ...(config.configPath ? { config_path: config.configPath } : {}),
  ...(config.configContext ? { config_context: config.configContext } : {}),
});

export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly config: KubernetesBackendConfig,
  ) {
    super(scope, "backend", "kubernetes");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return attributes(this.config);
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return attributes(this.config);
  }

  /** How another stack reads this stack's outputs (cdktf's cross-stack references). */
  getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new DataKubernetesRemoteState(scope, name, {
      ...this.config,
      workspace: "${terraform.workspace}",
    });
  }
}

/** The backend's `terraform_remote_state` (cdktf snake-cases the keys). */
class DataKubernetesRemoteState extends TerraformRemoteState {
  constructor(
    scope: Construct,
    id: string,
    config: KubernetesBackendConfig & DataTerraformRemoteStateConfig,
  ) {
    super(scope, id, "kubernetes", config);
  }
}
