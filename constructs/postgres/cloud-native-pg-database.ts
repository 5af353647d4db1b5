import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest";
import { standardLabels } from "../_internal/labels";
import type { IPostgresDatabase } from "./i-postgres-database";

export interface CloudNativePgDatabaseProps {
  readonly namespace: string;
  /** @default "todo-postgres" */
  readonly name?: string;
  /** @default "todo" */
  readonly databaseName?: string;
  /** @default 1 */
  readonly instances?: number;
  /** @default 5 */
  readonly storageGiB?: number;
  /** @default "ghcr.io/cloudnative-pg/postgresql:17.6" - pinned minor so upgrades are deliberate */
  readonly imageName?: string;
}

/**
 * An in-cluster Postgres run by CloudNativePG: one `Cluster` whose operator-generated
 * `<name>-app` Secret (key `uri`) carries the connection string, so no password is ever
 * written by Terraform. Requires {@link CloudNativePgOperator} in an earlier stack.
 */
export class CloudNativePgDatabase extends Construct implements IPostgresDatabase {
  readonly connectionSecretName: string;
  readonly connectionSecretKey = "uri";
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: CloudNativePgDatabaseProps) {
    super(scope, id);
    const name = props.name ?? "todo-postgres";
    const instances = props.instances ?? 1;
    if (!Number.isInteger(instances) || instances < 1)
      throw new Error(
        `CloudNativePgDatabase '${name}': instances (${instances}) must be an integer >= 1`,
      );
    this.databaseName = props.databaseName ?? "todo";
    customResource(this, "Resource", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name, namespace: props.namespace, labels: standardLabels(name, "postgres") },
      spec: {
        instances,
        imageName: props.imageName ?? "ghcr.io/cloudnative-pg/postgresql:17.6",
        primaryUpdateStrategy: "unsupervised",
        storage: { size: `${props.storageGiB ?? 5}Gi` },
        bootstrap: { initdb: { database: this.databaseName, owner: this.databaseName } },
        resources: {
          requests: { cpu: "250m", memory: "512Mi" },
          limits: { cpu: "1000m", memory: "512Mi" },
        },
        enablePDB: instances > 1,
      },
    });
    this.connectionSecretName = `${name}-app`;
  }
}
