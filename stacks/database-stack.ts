import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { NeonPostgres, NeonProvider } from "../constructs/index.js";
import type { Environment } from "../environments/schema.js";
import { TODO_NAMES } from "./todo/todo-names.js";
import { TodoStack } from "./todo-stack.js";

/**
 * `todo-<env>-database`: Neon Postgres (project, branch per environment, role, database,
 * endpoint). Its connection URI reaches the app stack as a sensitive output. A stack of its own
 * because the Neon provider cannot be built here, so every other stack still validates for real.
 */
export class DatabaseStack extends TodoStack {
  readonly database: NeonPostgres;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, env);
    if (env.postgres.kind !== "neon")
      throw new Error(`DatabaseStack '${id}': environment '${env.name}' does not use Neon`);
    new NeonProvider(this, "neon");
    this.database = new NeonPostgres(this, "Postgres", {
      projectName: env.postgres.projectName,
      regionId: env.postgres.regionId,
      branch: env.postgres.branch,
      databaseName: TODO_NAMES.database,
      roleName: TODO_NAMES.databaseRole,
      computeMinCu: env.postgres.computeMinCu,
      computeMaxCu: env.postgres.computeMaxCu,
    });
    new TerraformOutput(this, "neon_project_id", { value: this.database.project.id });
    new TerraformOutput(this, "neon_branch_id", { value: this.database.branch.id });
    new TerraformOutput(this, "postgres_host", { value: this.database.endpoint.host });
  }
}
