import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ProblemError, validationProblem } from "./problem.js";

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One public operation: its route and the schemas that both validate it and document it. */
export interface ApiOperation<Q extends z.ZodType, B extends z.ZodType> {
  readonly method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/{user_id}/tasks/{id}`; the fastify route is derived. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  /** Query parameters (an object schema; absent = none accepted). */
  readonly query?: Q;
  /** JSON request body (required when given). */
  readonly body?: B;
  /** Success responses by status; problem responses are added for every operation. */
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
}

/** What a handler gets: the caller, the request, and its query and body as parsed. */
export interface ParsedRequest<Q extends z.ZodType, B extends z.ZodType> {
  /** The authorized user (see {@link ApiDocumentOptions.authorize}). */
  readonly userId: string;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly params: Record<string, string>;
  readonly query: z.output<Q>;
  readonly body: z.output<B>;
}

/** RFC 9457 problem with the `errors` list the services add (see problem.ts). */
const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** Refusals every public operation can answer, besides its own. */
const PROBLEMS: Readonly<Record<number, string>> = {
  400: "Invalid path, query or body; `errors` names each bad field",
  401: "Missing or invalid bearer token",
  403: "The path names another user than the token's subject",
  404: "No such resource for this user",
  414: "A path segment is longer than 256 characters",
};
const BODY_PROBLEMS: Readonly<Record<number, string>> = {
  413: "Body larger than 256 KiB",
  415: "Body is not application/json",
};

export interface ApiDocumentOptions {
  readonly info: { readonly title: string; readonly version: string };
  /** Authenticates the request and checks it may use the path; returns the user id. */
  readonly authorize: (req: FastifyRequest, params: Record<string, string>) => Promise<string>;
}

/** Path parameters: any segment the router accepts (fastify's maxParamLength). */
const pathParameter = z.string().min(1).max(256);

/**
 * The service's OpenAPI 3.1 document, built from the operations registered through
 * {@link ApiDocument.route}: the zod schema a route validates with is the one documented, so
 * the document cannot drift from the code. Served at `/openapi.json`.
 */
export class ApiDocument {
  private readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(private readonly options: ApiDocumentOptions) {}

  /** Registers the operation on `app` and adds it to the document. */
  route<Q extends z.ZodType = z.ZodNever, B extends z.ZodType = z.ZodNever>(
    app: FastifyInstance,
    op: ApiOperation<Q, B>,
    handler: (request: ParsedRequest<Q, B>) => Promise<unknown>,
  ): void {
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ":$1"),
      handler: async (req, reply) => {
        const params = req.params as Record<string, string>;
        // Who is asking comes first: a stranger learns nothing, not even what input is valid.
        const userId = await this.options.authorize(req, params);
        return handler({
          userId,
          req,
          reply,
          params,
          query: parseQuery(op.query, req.query),
          body: parseBody(op.body, req.body),
        });
      },
    });
    (this.paths[op.path] ??= {})[op.method.toLowerCase()] = this.describe(op);
  }

  /** Registers `GET /openapi.json`. */
  serve(app: FastifyInstance): void {
    const document = this.toJSON();
    app.get("/openapi.json", async () => document);
  }

  toJSON(): Record<string, unknown> {
    return {
      openapi: "3.1.0",
      info: this.options.info,
      paths: this.paths,
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
        schemas: { Problem: jsonSchema(problemSchema, "output") },
      },
      security: [{ bearer: [] }],
    };
  }

  private describe(op: ApiOperation<z.ZodType, z.ZodType>): Record<string, unknown> {
    const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const parameters = [
      ...pathNames.map((name) => ({
        name,
        in: "path",
        required: true,
        schema: jsonSchema(pathParameter, "input"),
      })),
      ...queryParameters(op.query),
    ];
    const problem = (description: string) => ({
      description,
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    const responses: Record<string, unknown> = {};
    for (const [status, { description, schema }] of Object.entries(op.responses))
      responses[status] = schema
        ? { description, content: { "application/json": { schema: jsonSchema(schema, "output") } } }
        : { description };
    for (const [status, description] of Object.entries({
      ...PROBLEMS,
      ...(op.body ? BODY_PROBLEMS : {}),
    }))
      responses[status] = problem(description);
    return {
      operationId: op.operationId,
      summary: op.summary,
      parameters,
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(op.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
}

function parseQuery<Q extends z.ZodType>(schema: Q | undefined, value: unknown): z.output<Q> {
  if (!schema) return undefined as z.output<Q>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationProblem(result.error, "query");
  return result.data;
}

function parseBody<B extends z.ZodType>(schema: B | undefined, value: unknown): z.output<B> {
  if (!schema) return undefined as z.output<B>;
  // An empty or blank body parses as undefined: it is missing, not an empty object.
  if (value === undefined)
    throw new ProblemError(400, "Invalid request", "Invalid body: a JSON object is required", [
      { field: "body", message: "required: send a JSON object" },
    ]);
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, "body");
  return result.data;
}

/** One OpenAPI parameter per property of the query schema, with its own JSON Schema. */
function queryParameters(schema: z.ZodType | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const document = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    // Refinements (e.g. "at most ±15:59") are not expressible; the route still enforces them.
    unrepresentable: "any",
  }) as Record<string, unknown>;
  // The document's dialect is OpenAPI 3.1's own (JSON Schema 2020-12); no per-schema $schema.
  delete document.$schema;
  return document;
}
