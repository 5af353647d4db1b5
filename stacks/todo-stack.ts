import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { applyWorkloadPolicies, pinProviders, PART_OF_CONTEXT_KEY } from "../constructs/index.js";
import type { Environment } from "../environments/schema";
import { TODO_NAMES } from "./todo/todo-names.js";

/**
 * Base of every stack: state backend per environment (local file for development, S3 with a
 * lock file otherwise, one state key per stack), pinned fully qualified providers, and the
 * workload policies that fail synth on violations.
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
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    } else {
      new S3Backend(this, {
        bucket: env.backend.bucket,
        key: `${env.backend.key.replace(/terraform\.tfstate$/, "")}${id}.tfstate`,
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
