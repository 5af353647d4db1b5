import { Fn } from "cdktf";
import { Construct } from "constructs";
import { Branch } from "./.gen/neon/branch.js";
import { Database } from "./.gen/neon/database.js";
import { Endpoint } from "./.gen/neon/endpoint.js";
import { Project } from "./.gen/neon/project.js";
import { Role } from "./.gen/neon/role.js";
import type { IPostgresDatabase } from "./i-postgres-database.js";

export interface NeonPostgresProps {
  /** Neon project name. */
  readonly projectName: string;
  /** Neon region, e.g. `aws-eu-central-1`. */
  readonly regionId: string;
  /** The environment's branch (created from the project's default branch). */
  readonly branch: string;
  /** @default "app" */
  readonly databaseName?: string;
  /** @default "app" */
  readonly roleName?: string;
  /** @default 0.25 */
  readonly computeMinCu?: number;
  /** @default 1 */
  readonly computeMaxCu?: number;
  /** @default 17 */
  readonly pgVersion?: number;
}

/**
 * Serverless Postgres on Neon: project, a branch per environment, role, database and a
 * read-write endpoint. The connection URI is built from the provider's sensitive `password`,
 * so it exists only as a Terraform expression (a sensitive output when another stack uses it).
 *
 * Uses the hand-maintained bindings in `./.gen/neon` (see its README) until the provider can
 * be built here and bindings generated.
 */
export class NeonPostgres extends Construct implements IPostgresDatabase {
  readonly project: Project;
  readonly branch: Branch;
  readonly endpoint: Endpoint;
  readonly connectionUri: string;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: NeonPostgresProps) {
    super(scope, id);
    const minCu = props.computeMinCu ?? 0.25;
    const maxCu = props.computeMaxCu ?? 1;
    if (minCu > maxCu)
      throw new Error(
        `NeonPostgres '${props.projectName}': computeMinCu (${minCu}) exceeds computeMaxCu (${maxCu})`,
      );
    this.databaseName = props.databaseName ?? "app";

    this.project = new Project(this, "Project", {
      name: props.projectName,
      regionId: props.regionId,
      pgVersion: props.pgVersion ?? 17,
      historyRetentionSeconds: 86400,
      storePassword: "yes",
    });
    this.branch = new Branch(this, "Branch", {
      projectId: this.project.id,
      parentId: this.project.defaultBranchId,
      name: props.branch,
    });
    this.endpoint = new Endpoint(this, "Endpoint", {
      projectId: this.project.id,
      branchId: this.branch.id,
      type: "read_write",
      autoscalingLimitMinCu: minCu,
      autoscalingLimitMaxCu: maxCu,
    });
    const role = new Role(this, "Role", {
      projectId: this.project.id,
      branchId: this.branch.id,
      name: props.roleName ?? "app",
    });
    const database = new Database(this, "Database", {
      projectId: this.project.id,
      branchId: this.branch.id,
      name: this.databaseName,
      ownerName: role.name,
    });
    this.connectionUri = Fn.format("postgresql://%s:%s@%s/%s?sslmode=require", [
      role.name,
      Fn.urlencode(role.password),
      this.endpoint.host,
      database.name,
    ]);
  }
}
