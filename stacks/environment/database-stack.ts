import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { NeonPostgres, NeonProvider } from "../../constructs/index.js";
import type { DataServiceNames } from "./data-service-names.js";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack.js";

export interface DatabaseStackProps extends EnvironmentStackProps {
  /** Names of the database and its role. */
  readonly names: Pick<DataServiceNames, "database" | "databaseRole">;
}

/**
 * The managed database of an environment that uses Neon (`todo-<env>-database`): project,
 * branch per environment, role, database, endpoint. Its connection URI reaches the workloads'
 * stack as a sensitive output. A stack of its own because the Neon provider cannot be built
 * here, so every other stack still validates for real.
 */
export class DatabaseStack extends EnvironmentStack {
  readonly database: NeonPostgres;

  constructor(scope: Construct, id: string, props: DatabaseStackProps) {
    super(scope, id, props);
    const { env } = props;
    if (env.postgres.kind !== "neon")
      throw new Error(`DatabaseStack '${id}': environment '${env.name}' does not use Neon`);
    new NeonProvider(this, "neon");
    this.database = new NeonPostgres(this, "Postgres", {
      projectName: env.postgres.projectName,
      regionId: env.postgres.regionId,
      branch: env.postgres.branch,
      databaseName: props.names.database,
      roleName: props.names.databaseRole,
      computeMinCu: env.postgres.computeMinCu,
      computeMaxCu: env.postgres.computeMaxCu,
    });
    new TerraformOutput(this, "neon_project_id", { value: this.database.project.id });
    new TerraformOutput(this, "neon_branch_id", { value: this.database.branch.id });
    new TerraformOutput(this, "postgres_host", { value: this.database.endpoint.host });
  }
}
