/**
 * Which stack provides each data service of an environment, decided by its kind: the one
 * mapping the schema (which kinds need the `aws` block) and the stacks (which ones exist, and
 * what the app stack creates itself) read.
 */
import type { Environment } from "./schema.js";

/**
 * `app`: the app stack creates it in the cluster (or, for an external Kafka, imports it);
 * `aws`: the AWS stack (`todo-<env>-aws`); `database`: the Neon stack (`todo-<env>-database`).
 */
export type DataServiceStack = "app" | "aws" | "database";

type Kinds = Pick<Environment, "kafka" | "postgres" | "redis">;
type DataService = keyof Kinds;

const STACK_OF_KIND: { readonly [S in DataService]: Record<Kinds[S]["kind"], DataServiceStack> } = {
  kafka: { strimzi: "app", external: "app", msk: "aws" },
  postgres: { "cloudnative-pg": "app", neon: "database" },
  redis: { "in-cluster": "app", elasticache: "aws" },
};

/** The stack that provides each of `env`'s data services. */
export function dataServiceStacks(env: {
  readonly [S in DataService]: { readonly kind: Kinds[S]["kind"] };
}): Readonly<Record<DataService, DataServiceStack>> {
  return {
    kafka: STACK_OF_KIND.kafka[env.kafka.kind],
    postgres: STACK_OF_KIND.postgres[env.postgres.kind],
    redis: STACK_OF_KIND.redis[env.redis.kind],
  };
}

/** Whether any of `env`'s data services comes from `stack`. */
export const usesStack = (env: Parameters<typeof dataServiceStacks>[0], stack: DataServiceStack) =>
  Object.values(dataServiceStacks(env)).includes(stack);

/** The kinds `stack` provides, as an environment says them: `kafka.kind is 'msk'`, ... */
export function kindsOf(stack: DataServiceStack): string[] {
  return Object.entries(STACK_OF_KIND).flatMap(([service, kinds]) =>
    Object.entries(kinds)
      .filter(([, from]) => from === stack)
      .map(([kind]) => `${service}.kind is '${kind}'`),
  );
}
