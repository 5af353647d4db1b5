import type { DataServiceNames } from "../environment/data-service-names.js";

/**
 * The Todo system's names for what the generic constructs would otherwise name by their own
 * defaults. They are the names the deployed resources already carry, so keep them: changing one
 * renames (replaces) the Kubernetes, AWS or Neon resource.
 */
export const TODO_NAMES = {
  /** `app.kubernetes.io/part-of` of every workload (see PART_OF_CONTEXT_KEY). */
  partOf: "todo-platform",
  kafka: "todo-kafka",
  postgres: "todo-postgres",
  redis: "todo-redis",
  database: "todo",
  databaseRole: "todo_app",
  resiliency: "todo-resiliency",
} as const satisfies DataServiceNames & Record<string, string>;
