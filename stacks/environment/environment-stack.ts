import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  applyWorkloadPolicies,
  pinProviders,
  PART_OF_CONTEXT_KEY,
} from "../../constructs/index.js";
import type { Environment } from "../../environments/schema.js";
import { KubernetesBackend } from "./kubernetes-backend.js";

/** What every stack of an environment is built from. */
export interface EnvironmentStackProps {
  readonly env: Environment;
  /**
   * What the ids of the environment's stacks start with: `<stackPrefix>-<part>` (`todo-dev` in
   * `todo-dev-app`). A stack's local state file is named after its part.
   */
  readonly stackPrefix: string;
  /** `app.kubernetes.io/part-of` of every workload in the stack (see PART_OF_CONTEXT_KEY). */
  readonly partOf: string;
}

/**
 * The state of stack `id`, one per stack, next to the environment's: `<path without .tfstate>-<part>.tfstate`
 * for a local file (`terraform.todo-dev.tfstate` → `terraform.todo-dev-app.tfstate`),
 * `<secretSuffix>-<part>` for a Kubernetes Secret (`todo-dev` → `todo-dev-app`),
 * `<key's folder>/<id>.tfstate` for S3 (`staging/terraform.tfstate` → `staging/todo-staging-app.tfstate`).
 */
function stackStateLocation(props: EnvironmentStackProps, id: string): string {
  const { backend } = props.env;
  if (backend.kind === "s3")
    return `${backend.key.replace(/terraform\.tfstate$/, "")}${id}.tfstate`;
  const prefix = `${props.stackPrefix}-`;
  const part = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  if (backend.kind === "kubernetes") return `${backend.secretSuffix}-${part}`;
  return `${backend.path.replace(/\.tfstate$/, "")}-${part}.tfstate`;
}

/**
 * Base of every stack of an environment: state backend per environment (a local file or a
 * Secret in the cluster for development, S3 with a lock file otherwise, one state per stack:
 * {@link stackStateLocation}), pinned fully qualified providers, and the workload policies that
 * fail synth on violations.
 */
export class EnvironmentStack extends TerraformStack {
  readonly env: Environment;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { env } = props;
    this.env = env;
    this.node.setContext(PART_OF_CONTEXT_KEY, props.partOf);
    if (env.backend.kind === "local") {
      new LocalBackend(this, { path: stackStateLocation(props, id) });
    } else if (env.backend.kind === "kubernetes") {
      new KubernetesBackend(this, {
        secretSuffix: stackStateLocation(props, id),
        namespace: env.backend.namespace,
        ...(env.kubernetes.configPath ? { configPath: env.kubernetes.configPath } : {}),
        ...(env.kubernetes.context ? { configContext: env.kubernetes.context } : {}),
      });
    } else {
      new S3Backend(this, {
        bucket: env.backend.bucket,
        key: stackStateLocation(props, id),
        region: env.backend.region,
        encrypt: env.backend.encrypt,
      });
      // S3-native locking (Terraform/OpenTofu >= 1.10); cdktf 0.21's S3BackendConfig predates it.
      this.addOverride("terraform.backend.s3.use_lockfile", env.backend.useLockfile);
    }
    pinProviders(this);
    applyWorkloadPolicies(this);
  }
}
