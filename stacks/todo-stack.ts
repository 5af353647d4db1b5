import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { applyWorkloadPolicies, pinProviders, PART_OF_CONTEXT_KEY } from "../constructs/index.js";
import type { Environment } from "../environments/schema.js";
import { TODO_NAMES } from "./todo/todo-names.js";

/** Every stack of environment `env` is named `todo-<env>-<part>` (platform, database, aws, app). */
export const stackPrefix = (env: Pick<Environment, "name">) => `todo-${env.name}`;

/**
 * The state of stack `id`, one per stack, next to the environment's: `<path without .tfstate>-<part>.tfstate`
 * for a local file (`terraform.todo-dev.tfstate` → `terraform.todo-dev-app.tfstate`),
 * `<key's folder>/<id>.tfstate` for S3 (`staging/terraform.tfstate` → `staging/todo-staging-app.tfstate`).
 */
function stackStateLocation(env: Environment, id: string): string {
  if (env.backend.kind === "s3")
    return `${env.backend.key.replace(/terraform\.tfstate$/, "")}${id}.tfstate`;
  const prefix = `${stackPrefix(env)}-`;
  const part = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return `${env.backend.path.replace(/\.tfstate$/, "")}-${part}.tfstate`;
}

/**
 * Base of every stack: state backend per environment (local file for development, S3 with a
 * lock file otherwise, one state file or key per stack: {@link stackStateLocation}), pinned
 * fully qualified providers, and the workload policies that fail synth on violations.
 */
export class TodoStack extends TerraformStack {
  constructor(
    scope: Construct,
    id: string,
    readonly env: Environment,
  ) {
    super(scope, id);
    this.node.setContext(PART_OF_CONTEXT_KEY, TODO_NAMES.partOf);
    if (env.backend.kind === "local") {
      new LocalBackend(this, { path: stackStateLocation(env, id) });
    } else {
      new S3Backend(this, {
        bucket: env.backend.bucket,
        key: stackStateLocation(env, id),
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
