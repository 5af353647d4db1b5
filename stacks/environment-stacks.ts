/**
 * The Todo system's stacks of one environment: the generic stacks of stacks/environment/, given
 * the Todo system's names and alert rules, and the Todo system's own stack (stacks/todo/).
 */
import type { Construct } from "constructs";
import { usesStack } from "../environments/data-services.js";
import type { Environment } from "../environments/schema.js";
import type { ServiceDefinition } from "../services/service-definitions.js";
import { AwsDataStack } from "./environment/aws-data-stack.js";
import { DatabaseStack } from "./environment/database-stack.js";
import type { EnvironmentStackProps } from "./environment/environment-stack.js";
import { PlatformStack } from "./environment/platform-stack.js";
import { TODO_ALERT_RULES } from "./todo/todo-alert-rules.js";
import { TODO_NAMES } from "./todo/todo-names.js";
import { TodoSystemStack } from "./todo/todo-system-stack.js";

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
  const prefix = `todo-${env.name}`;
  const common: EnvironmentStackProps = { env, stackPrefix: prefix, partOf: TODO_NAMES.partOf };
  const platform = new PlatformStack(scope, `${prefix}-platform`, {
    ...common,
    alertRuleGroups: TODO_ALERT_RULES,
  });
  const database = usesStack(env, "database")
    ? new DatabaseStack(scope, `${prefix}-database`, { ...common, names: TODO_NAMES })
    : undefined;
  const aws = usesStack(env, "aws")
    ? new AwsDataStack(scope, `${prefix}-aws`, { ...common, names: TODO_NAMES })
    : undefined;
  // The AWS stack writes its credentials Secret into the namespace the platform stack creates.
  aws?.addDependency(platform);
  const app = new TodoSystemStack(scope, `${prefix}-app`, {
    ...common,
    otlpEndpoint: platform.otlpEndpoint,
    provided: { postgres: database?.database, kafka: aws?.kafka, redis: aws?.redis },
    services: options.services,
  });
  for (const producer of [platform, database, aws]) if (producer) app.addDependency(producer);
  return { platform, database, aws, app };
}
