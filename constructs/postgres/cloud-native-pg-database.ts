import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1/index.js";
import { Password } from "@cdktf/provider-random/lib/password/index.js";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";
import type { IPostgresDatabase } from "./i-postgres-database.js";

export interface CloudNativePgDatabaseProps {
  readonly namespace: string;
  /** @default "postgres" */
  readonly name?: string;
  /** Database and owner role name. @default "app" */
  readonly databaseName?: string;
  /** @default 1 */
  readonly instances?: number;
  /** @default 5 */
  readonly storageGiB?: number;
  /** @default "ghcr.io/cloudnative-pg/postgresql:17.6" - pinned minor so upgrades are deliberate */
  readonly imageName?: string;
}

/**
 * An in-cluster Postgres run by CloudNativePG: one `Cluster` whose owner role gets its password
 * from `random_password` (through a basic-auth Secret CloudNativePG bootstraps from), so the
 * connection URI is known to Terraform without reading anything from the cluster at plan time.
 * Requires {@link CloudNativePgOperator} in an earlier stack.
 */
export class CloudNativePgDatabase extends Construct implements IPostgresDatabase {
  /** The CRD (installed by the CloudNativePG operator) this construct needs. */
  static readonly requiredCrds = ["clusters.postgresql.cnpg.io"] as const;

  readonly connectionUri: string;
  readonly databaseName: string;
  /** Read-write service of the primary. */
  readonly host: string;

  constructor(scope: Construct, id: string, props: CloudNativePgDatabaseProps) {
    super(scope, id);
    const name = props.name ?? "postgres";
    const instances = props.instances ?? 1;
    if (!Number.isInteger(instances) || instances < 1)
      throw new Error(
        `CloudNativePgDatabase '${name}': instances (${instances}) must be an integer >= 1`,
      );
    this.databaseName = props.databaseName ?? "app";
    const password = new Password(this, "OwnerPassword", { length: 32, special: false });
    const credentials = new SecretV1(this, "OwnerCredentials", {
      metadata: {
        name: `${name}-owner`,
        namespace: props.namespace,
        labels: standardLabels(this, name, "postgres-credentials"),
      },
      type: "kubernetes.io/basic-auth",
      data: { username: this.databaseName, password: password.result },
    });
    customResource(this, "Resource", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: {
        name,
        namespace: props.namespace,
        labels: standardLabels(this, name, "postgres"),
      },
      spec: {
        instances,
        imageName: props.imageName ?? "ghcr.io/cloudnative-pg/postgresql:17.6",
        primaryUpdateStrategy: "unsupervised",
        storage: { size: `${props.storageGiB ?? 5}Gi` },
        bootstrap: {
          initdb: {
            database: this.databaseName,
            owner: this.databaseName,
            secret: { name: `${name}-owner` },
          },
        },
        resources: {
          requests: { cpu: "250m", memory: "512Mi" },
          limits: { cpu: "1000m", memory: "512Mi" },
        },
        enablePDB: instances > 1,
      },
    }).node.addDependency(credentials);
    this.host = `${name}-rw.${props.namespace}.svc`;
    this.connectionUri = Fn.format("postgresql://%s:%s@%s:5432/%s", [
      this.databaseName,
      password.result,
      this.host,
      this.databaseName,
    ]);
  }
}
