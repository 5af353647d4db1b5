import type { z } from "zod";

/** One invalid input field, as reported in a problem+json `errors` array. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An RFC 9457 problem. Thrown anywhere in request handling; the HTTP server turns it into an
 * `application/problem+json` response.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail ?? title);
    this.name = "ProblemError";
  }

  toJSON(instance?: string): Record<string, unknown> {
    return {
      type: "about:blank",
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
    };
  }
}

/** 400 naming every bad field of a zod validation failure; `prefix` is "body" or "query". */
export function validationProblem(error: z.ZodError, prefix?: string): ProblemError {
  const errors = error.issues.map((issue) => {
    const path = issue.path.map(String);
    // Unknown keys are reported on the object; name each one instead.
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => ({
      field: [...path, ...(key ? [key] : [])].join(".") || (prefix ?? "body"),
      message: issue.message,
    }));
  });
  const flat = errors.flat();
  const names = [...new Set(flat.map((e) => e.field))].join(", ");
  return new ProblemError(400, "Invalid request", `Invalid ${prefix ?? "input"}: ${names}`, flat);
}

export const unauthorized = (detail: string) => new ProblemError(401, "Unauthorized", detail);
export const forbidden = (detail: string) => new ProblemError(403, "Forbidden", detail);
export const notFound = (detail: string) => new ProblemError(404, "Not Found", detail);
