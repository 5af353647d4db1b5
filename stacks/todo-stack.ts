import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { applyWorkloadPolicies } from "../constructs/policy/workload-policies";
import type { Environment } from "../environments/schema";
import { pinProviders } from "./provider-versions";

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
