/**
 * Turns environment data into a validated {@link Environment}, or fails with one line per
 * problem naming the environment, the field and what is allowed.
 */
import type { z } from "zod";
import type { ServiceDefinition } from "../services/service-definitions.js";
import {
  environmentSchema,
  environmentSchemaFor,
  type Environment,
  type EnvironmentInput,
} from "./schema.js";

/** Thrown when an environment definition does not match the schema. */
export class EnvironmentValidationError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid environment '${environment}':\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvironmentValidationError";
  }
}

const quoteAll = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(" | ");

/** The value the definition holds at an issue's path (zod does not report inputs by default). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const got = valueAt(input, issue.path);
      return `expected ${issue.expected}${got === undefined ? " (field is required)" : `, got ${typeof got} ${JSON.stringify(got)}`}`;
    }
    case "invalid_value":
      return `allowed: ${quoteAll(issue.values)}`;
    case "invalid_union": {
      // zod reports the allowed discriminator values on the issue but does not type them.
      const options = (issue as { options?: unknown }).options;
      return Array.isArray(options) ? `unknown kind; allowed: ${quoteAll(options)}` : issue.message;
    }
    case "too_small":
      return `too small; allowed: >= ${String(issue.minimum)}`;
    case "too_big":
      return `too big; allowed: <= ${String(issue.maximum)}`;
    case "unrecognized_keys":
      return `unknown field(s) ${quoteAll(issue.keys)}; remove them or fix the spelling`;
    case "invalid_format":
      return `${issue.message}; allowed: a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** The field path as written in the environment file, e.g. `services.task-api.replicas.min`. */
const fieldPath = (issue: z.core.$ZodIssue) => issue.path.map(String).join(".") || "(top level)";

/**
 * Validates `input` as an environment of the Todo services (or of `services`); throws
 * {@link EnvironmentValidationError} listing every problem.
 */
export function parseEnvironment(
  input: unknown,
  services?: readonly ServiceDefinition[],
): Environment {
  const schema = services ? environmentSchemaFor(services) : environmentSchema;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const name =
    typeof input === "object" &&
    input !== null &&
    typeof (input as { name?: unknown }).name === "string"
      ? (input as { name: string }).name
      : "<unnamed>";
  throw new EnvironmentValidationError(
    name,
    result.error.issues.map((issue) => `${fieldPath(issue)}: ${describe(issue, input)}`),
  );
}

/** Typed entry point for `environments/<env>.ts`: type-checked by tsc, validated when loaded. */
export function defineEnvironment(input: EnvironmentInput): Environment {
  return parseEnvironment(input);
}
