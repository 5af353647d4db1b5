import type { Construct } from "constructs";
import { usesStack } from "../environments/data-services.js";
import type { Environment } from "../environments/schema.js";
import type { ServiceDefinition } from "../services/service-definitions.js";
import { TodoSystemStack } from "./todo/todo-system-stack.js";
import { AwsDataStack } from "./aws-data-stack.js";
import { DatabaseStack } from "./database-stack.js";
import { PlatformStack } from "./platform-stack.js";
import { stackPrefix } from "./todo-stack.js";

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly platform: PlatformStack;
  readonly database?: DatabaseStack;
  readonly aws?: AwsDataStack;
  /** `todo-<env>-app`: the Todo system, on the data services (the field is named after the id). */
  readonly app: TodoSystemStack;
}

/**
 * Creates `todo-<env>-platform`, optionally `todo-<env>-database` (Neon) and `todo-<env>-aws`
 * (MSK/ElastiCache), and `todo-<env>-app`, with stack dependencies so
 * `cdktf deploy 'todo-<env>-*'` applies them in order on a fresh cluster.
 */
export function createEnvironmentStacks(
  scope: Construct,
  env: Environment,
  options: {
    /** The services to deploy. @default - the definitions in services/service-definitions.ts */
    readonly services?: readonly ServiceDefinition[];
  } = {},
): EnvironmentStacks {
  // The stack ids are a state contract: each names its Terraform state (file or S3 key) and every
  // cross-stack reference to it. Renaming one, `todo-<env>-app` included, orphans a deployed state.
  const prefix = stackPrefix(env);
  const platform = new PlatformStack(scope, `${prefix}-platform`, env);
  const database = usesStack(env, "database")
    ? new DatabaseStack(scope, `${prefix}-database`, env)
    : undefined;
  const aws = usesStack(env, "aws") ? new AwsDataStack(scope, `${prefix}-aws`, env) : undefined;
  // The AWS stack writes its credentials Secret into the namespace the platform stack creates.
  aws?.addDependency(platform);
  const app = new TodoSystemStack(scope, `${prefix}-app`, env, {
    otlpEndpoint: platform.otlpEndpoint,
    postgres: database?.database,
    kafka: aws?.kafka,
    redis: aws?.redis,
    services: options.services,
  });
  for (const producer of [platform, database, aws]) if (producer) app.addDependency(producer);
  return { platform, database, aws, app };
}
